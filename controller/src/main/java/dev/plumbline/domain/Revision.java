package dev.plumbline.domain;

import java.time.Instant;

/**
 * One commit of a configured repo as a run sees it.
 *
 * @param repo       the configured repo name
 * @param branch     the branch it was fetched from, or the ref it was resolved from
 * @param commit     the full 40-character commit id
 * @param commitTime when it was committed (committer time, so a rebase counts as new)
 * @param author     the author's name
 * @param subject    the first line of the commit message
 */
public record Revision(String repo, String branch, String commit, Instant commitTime, String author, String subject) {
}

package dev.plumbline.store;

import java.time.Instant;

/** The pull request that holds a workspace's apply lock, and the head commit it was planned at. */
public record WorkspaceLock(String repo, String workspace, int number, String headSha, Instant lockedAt) {
}

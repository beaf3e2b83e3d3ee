package dev.plumbline.vcs;

import java.util.List;
import java.util.Optional;

/**
 * What Plumbline needs from a code host for pull request plans, and nothing more: read a pull request and its
 * changed files, keep one report comment up to date, set commit statuses, check who may apply, and poll.
 *
 * <p>The two implementations ({@code GitHubClient}, {@code GitLabClient}) are written on {@code java.net.http} and
 * Jackson rather than a client library. hub4j's github-api depends on a json-lib artifact that Maven Central does not
 * serve, and the few calls needed here cost less to write than a library costs to carry.
 *
 * <p>{@code repo} is the host's name for the repository: {@code owner/name} on GitHub, the project path
 * ({@code group/subgroup/project}) on GitLab. {@code number} is the pull request number, the merge request IID on
 * GitLab. Every method throws {@link VcsException} when the host cannot be reached or refuses.
 */
public interface VcsHost {

    HostKind kind();

    /** The pull request with its approval state looked up. */
    PullRequest pullRequest(String repo, int number);

    /** Paths of the files the pull request changes; a renamed file is listed under its old and its new path. */
    List<String> changedFiles(String repo, int number);

    /** Posts a comment and returns its id. */
    long createComment(String repo, int number, String body);

    void updateComment(String repo, int number, long commentId, String body);

    /**
     * The oldest comment whose body starts with {@code marker} (a hidden HTML comment such as
     * {@code <!-- plumbline:report -->}), so the report is found again after a restart instead of posted twice.
     */
    Optional<Long> findComment(String repo, int number, String marker);

    /**
     * Sets the commit status named {@code context} ({@link #planContext}) on {@code sha}. A description longer than
     * the host accepts is shortened; {@code targetUrl} may be null.
     */
    void setStatus(String repo, String sha, String context, CommitState state, String description, String targetUrl);

    /** Whether {@code user} may push to the repository: the right Plumbline asks of whoever comments "apply". */
    boolean canWrite(String repo, String user);

    /** The open pull requests, for polling when webhooks cannot reach Plumbline. Approval is not looked up. */
    List<PullRequest> openPullRequests(String repo);

    /** Updates the comment that starts with {@code marker}, or creates it; returns its id. */
    default long upsertComment(String repo, int number, String marker, String body) {
        if (!body.startsWith(marker)) {
            throw new IllegalArgumentException("the comment body must start with its marker " + marker);
        }
        Optional<Long> existing = findComment(repo, number, marker);
        if (existing.isPresent()) {
            updateComment(repo, number, existing.get(), body);
            return existing.get();
        }
        return createComment(repo, number, body);
    }

    /** The status context of a workspace's plan: {@code plumbline/plan: <workspace>}. */
    static String planContext(String workspace) {
        return "plumbline/plan: " + workspace;
    }

    /** The status context of the policy sets' verdict on a workspace's plan: {@code plumbline/policy: <workspace>}. */
    static String policyContext(String workspace) {
        return "plumbline/policy: " + workspace;
    }
}

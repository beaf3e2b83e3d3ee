package dev.plumbline.config;

import java.time.Duration;

/**
 * One infrastructure repository the daemon follows. The URL carries no secret (the loader refuses one), so this
 * value can be printed as it is. {@code vcs} is null when the repo's pull requests are not planned.
 */
public record RepoConfig(String name, String url, String branch, Credentials credentials, Duration pollInterval,
                         VcsConfig vcs) {
    public static final String DEFAULT_BRANCH = "main";
}

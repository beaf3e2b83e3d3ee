package dev.plumbline.config;

import java.time.Duration;

/**
 * One infrastructure repository the daemon follows. The URL carries no secret (the loader refuses one), so this
 * value can be printed as it is.
 */
public record RepoConfig(String name, String url, String branch, Credentials credentials, Duration pollInterval) {
    public static final String DEFAULT_BRANCH = "main";
}

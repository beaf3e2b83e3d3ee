package dev.plumbline.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The code host a repo's pull requests live on ({@code vcs:} of a repo entry). Secrets are named, never held:
 * {@code tokenEnv} and {@code webhookSecretEnv} are environment variable names, read when a call is made or a
 * delivery arrives. {@code webhookSecretEnv} is null when the repo is only polled.
 *
 * @param project        the host's name for the repository: {@code owner/name} on GitHub, the project path on GitLab
 * @param applyOnComment whether {@code plumbline apply} in a pull request comment applies before the merge
 * @param lockMaxAge     how long a pull request may hold a workspace's apply lock before the reaper frees it
 */
public record VcsConfig(Provider provider, URI apiUrl, String project, String tokenEnv, String webhookSecretEnv,
                        boolean applyOnComment, Duration lockMaxAge) {
    public static final Duration DEFAULT_LOCK_MAX_AGE = Duration.ofDays(7);

    public enum Provider {
        GITHUB("https://api.github.com"),
        GITLAB("https://gitlab.com/api/v4");

        private final String defaultApiUrl;

        Provider(String defaultApiUrl) {
            this.defaultApiUrl = defaultApiUrl;
        }

        public URI defaultApiUrl() {
            return URI.create(defaultApiUrl);
        }

        /** The spelling used in config files: {@code github}, {@code gitlab}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public VcsConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(tokenEnv, "tokenEnv");
        if (lockMaxAge == null) {
            lockMaxAge = DEFAULT_LOCK_MAX_AGE;
        }
    }
}

package dev.plumbline.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The daemon config's {@code console} section: how people sign in to the console and how long a session lasts.
 * {@code oidc} is null when no identity provider is configured; the console then takes only the local sign-ins (an
 * API token, or a one-time link printed by {@code plumbline console link}).
 */
public record ConsoleConfig(Oidc oidc, Duration sessionMaxAge) {
    public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofHours(12);
    public static final ConsoleConfig NONE = new ConsoleConfig(null, DEFAULT_SESSION_MAX_AGE);

    /**
     * An OpenID Connect provider, signed in to with the authorization code flow and PKCE. The client secret is named
     * by reference ({@code clientSecretEnv} or {@code clientSecretFile}, exactly one, or neither for a public
     * client). {@code roles} maps each role's wire name (viewer, operator, admin) to the values of
     * {@code rolesClaim} that grant it; the highest role granted wins, and a user granted none is not let in.
     */
    public record Oidc(URI issuer, String clientId, String clientSecretEnv, Path clientSecretFile, String rolesClaim,
                       Map<String, List<String>> roles) {
        public Oidc {
            roles = Map.copyOf(roles);
        }
    }
}

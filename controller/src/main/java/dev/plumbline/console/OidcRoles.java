package dev.plumbline.console;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.plumbline.auth.Identity;
import dev.plumbline.auth.Role;
import dev.plumbline.config.ConsoleConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who an ID token names and what role its claims grant: the name is {@code preferred_username}, else
 * {@code email}, else the subject; the role is the highest one whose configured values the roles claim holds (a
 * list of strings, or one string). A token that grants no role signs nobody in.
 */
final class OidcRoles {
    private OidcRoles() { }

    static Identity identity(ConsoleConfig.Oidc config, IDTokenClaimsSet claims) {
        String name = Optional.ofNullable(claims.getStringClaim("preferred_username"))
                .or(() -> Optional.ofNullable(claims.getStringClaim("email"))).orElse(claims.getSubject().getValue());
        List<String> held = values(claims.getClaim(config.rolesClaim()));
        Role granted = null;
        for (Role r : Role.values()) {
            List<String> grants = config.roles().getOrDefault(r.wire(), List.of());
            if (held.stream().anyMatch(grants::contains)) {
                granted = r;
            }
        }
        if (granted == null) {
            throw new OidcException("signing in with OpenID Connect: " + name + " holds no value of the "
                    + config.rolesClaim() + " claim that console.oidc.roles maps to a role");
        }
        return new Identity(name, granted, Oidc.VIA);
    }

    private static List<String> values(Object claim) {
        if (claim instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return claim == null ? List.of() : List.of(String.valueOf(claim));
    }

    /** The client secret the config names, read now; empty for a public client. */
    static Optional<String> clientSecret(ConsoleConfig.Oidc config) {
        if (config.clientSecretEnv() != null) {
            String v = System.getenv(config.clientSecretEnv());
            if (v == null || v.isBlank()) {
                throw new OidcException("starting the console: console.oidc.client_secret_env names "
                        + config.clientSecretEnv() + ", which is not set");
            }
            return Optional.of(v.strip());
        }
        if (config.clientSecretFile() != null) {
            try {
                return Optional.of(Files.readString(config.clientSecretFile(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new OidcException("starting the console: reading console.oidc.client_secret_file "
                        + config.clientSecretFile() + ": " + e.getClass().getSimpleName(), e);
            }
        }
        return Optional.empty();
    }
}

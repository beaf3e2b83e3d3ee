package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import java.util.Optional;

/** Who an API token belongs to, for signing in to the console with it; empty when it is unknown or revoked. */
@FunctionalInterface
public interface TokenSignIn {
    TokenSignIn NONE = token -> Optional.empty();

    Optional<Identity> identify(String token);
}

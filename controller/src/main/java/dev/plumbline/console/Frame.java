package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import dev.plumbline.auth.Role;

/**
 * What every console page shows around its content: who is signed in, the CSRF token its forms carry, and, for a
 * page that follows something still running, how often it reloads itself (0: never). Pages refresh with a meta tag,
 * so they need no script.
 */
public record Frame(Identity who, String csrf, int refreshSeconds) {
    public boolean operator() {
        return who != null && who.may(Role.OPERATOR);
    }
}

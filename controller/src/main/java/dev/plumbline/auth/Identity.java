package dev.plumbline.auth;

import java.util.Objects;

/**
 * Who is asking, as authenticated: a name for the audit log and approvals, a role, and how the name was
 * established ({@code via}): {@code token:<token name>}, {@code oidc}, {@code local-link} or {@code os-user}.
 */
public record Identity(String name, Role role, String via) {
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
    }

    /** Whether this identity's role allows what {@code needed} may do. */
    public boolean may(Role needed) {
        return role.allows(needed);
    }
}

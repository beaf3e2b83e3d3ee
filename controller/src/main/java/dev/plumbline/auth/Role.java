package dev.plumbline.auth;

import dev.plumbline.util.Echo;
import java.util.Locale;

/** What an identity may do: a viewer reads; an operator also runs, approves, applies and cancels; an admin also manages tokens. */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** Whether this role may do what {@code needed} may: admin includes operator, operator includes viewer. */
    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code viewer}, {@code operator} or {@code admin}; the error names the value and the choices. */
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("invalid role " + Echo.quote(value) + ": expected viewer, operator or admin");
    }
}

package dev.plumbline.http;

import dev.plumbline.auth.Role;
import io.javalin.security.RouteRole;

/**
 * Who may call a route, given to each route when it is registered. A route registered without a rule is refused
 * to everyone ({@link Access}): a new route is closed until someone says who may call it.
 */
public enum Rule implements RouteRole {
    /** No identity asked: the route checks its own proof (a webhook's signature) or tells nothing (liveness). */
    PUBLIC(null),
    VIEWER(Role.VIEWER),
    OPERATOR(Role.OPERATOR),
    ADMIN(Role.ADMIN);

    private final Role needed;

    Rule(Role needed) {
        this.needed = needed;
    }

    /** The role a caller needs; null for {@link #PUBLIC}. */
    public Role needed() {
        return needed;
    }
}

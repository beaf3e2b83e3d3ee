package dev.plumbline.http;

import dev.plumbline.auth.Identity;
import dev.plumbline.auth.IdentitySource;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication and authorisation at the edge, before any matched route runs: the route's {@link Rule} says who
 * may call it; the identity is the first the {@link IdentitySource}s give. No identity: 401; too low a role: 403;
 * a route without a rule: 403 for everyone. The identity is kept on the request for the handler
 * ({@link #identity}).
 */
public final class Access {
    private static final String ATTRIBUTE = "plumbline.identity";

    private final List<IdentitySource> sources;

    public Access(List<IdentitySource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The identity the request proves, if any source recognises it. */
    public Optional<Identity> identify(Context ctx) {
        for (IdentitySource s : sources) {
            Optional<Identity> found = s.identify(ctx);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Javalin's before-matched handler: lets the request through to its route, or refuses it. */
    void check(Context ctx) {
        Rule rule = ruleOf(ctx.routeRoles());
        if (rule == Rule.PUBLIC) {
            return;
        }
        String what = ctx.method() + " " + Server.matchedRoute(ctx);
        if (rule == null) {
            throw new ApiException(403, "calling " + what + ": the route has no access rule");
        }
        Identity who = identify(ctx).orElseThrow(() -> new ApiException(401, "calling " + what
                + ": no valid credentials (send Authorization: Bearer <token>; see plumbline token create)"));
        if (!who.may(rule.needed())) {
            throw new ApiException(403, "calling " + what + ": " + who.name() + " (" + who.role().wire()
                    + ") may not; it needs the " + rule.needed().wire() + " role");
        }
        ctx.attribute(ATTRIBUTE, who);
    }

    /** The rule of a route: the one {@link Rule} among its roles, null when there is none or more than one. */
    static Rule ruleOf(Set<RouteRole> roles) {
        List<Rule> rules = roles.stream().filter(Rule.class::isInstance).map(Rule.class::cast).toList();
        return rules.size() == 1 ? rules.get(0) : null;
    }

    /** The identity {@link #check} let through; the handler of a route that needs one always has it. */
    public static Identity identity(Context ctx) {
        Identity who = ctx.attribute(ATTRIBUTE);
        if (who == null) {
            throw new IllegalStateException("answering " + ctx.path() + ": the route was reached without an identity");
        }
        return who;
    }
}

package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import dev.plumbline.auth.Role;
import dev.plumbline.store.Database;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.HandlerType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's ways in: OpenID Connect ({@link Oidc}), an API token typed into the form, or a one-time link
 * ({@link SignInLink}); and the way out. Every attempt counts against its client address ({@link Attempts}), and a
 * refusal says no more than "not accepted": which of token, link or state was wrong is the daemon log's to say.
 */
final class SignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    private static final int MAX_TOKEN = 200;

    private final Console console;
    private final Database db;
    private final Sessions sessions;
    private final Oidc oidc;
    private final TokenSignIn tokens;
    private final Attempts attempts;

    SignIn(Console console, Database db, Sessions sessions, Oidc oidc, TokenSignIn tokens, Attempts attempts) {
        this.console = console;
        this.db = db;
        this.sessions = sessions;
        this.oidc = oidc;
        this.tokens = tokens;
        this.attempts = attempts;
    }

    List<Console.Page> pages() {
        return List.of(new Console.Page(HandlerType.GET, "/signin", ctx -> page(ctx, null, 200)),
                new Console.Page(HandlerType.POST, "/signin/token", this::token),
                new Console.Page(HandlerType.GET, "/signin/link", this::linkPage),
                new Console.Page(HandlerType.POST, "/signin/link", this::link),
                new Console.Page(HandlerType.GET, "/signin/oidc", this::oidcStart),
                new Console.Page(HandlerType.GET, "/signin/oidc/callback", this::oidcFinish),
                new Console.Page(HandlerType.POST, "/signout", this::signOut));
    }

    private void signOut(Context ctx) {
        console.secure(ctx);
        if (!Console.csrfOk(ctx)) {
            console.refuse(ctx, 403, null, "Refused", "signing out: the form's CSRF token is missing or wrong");
            return;
        }
        sessions.end(ctx);
        ctx.redirect("/signin", HttpStatus.SEE_OTHER);
    }

    private void page(Context ctx, String message, int status) {
        console.secure(ctx);
        String next = next(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next"));
        if (message == null && console.identify(ctx).isPresent()) {
            ctx.redirect(next);
            return;
        }
        ctx.status(status);
        console.render(ctx, "signin.jte", params(ctx, message, next));
    }

    private Map<String, Object> params(Context ctx, String message, String next) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", console.frame(ctx, null, 0));
        params.put("oidc", oidc != null);
        params.put("tokens", tokens != TokenSignIn.NONE);
        params.put("next", next);
        params.put("message", message);
        params.put("linkToken", null);
        return params;
    }

    private void token(Context ctx) {
        if (limited(ctx)) {
            return;
        }
        String token = ctx.formParam("token");
        Optional<Identity> who = token == null || token.isBlank() || token.length() > MAX_TOKEN ? Optional.empty()
                : tokens.identify(token.strip());
        if (who.isEmpty()) {
            LOG.info("console sign-in from {} refused: the token is unknown, revoked or malformed", ctx.ip());
            page(ctx, "signing in with a token: the token was not accepted", 401);
            return;
        }
        welcome(ctx, who.get(), ctx.formParam("next"));
    }

    /**
     * Opening a link shows a button that signs in; only the button's POST uses the link up, so a program that
     * fetches links to preview them (a chat, a mail scanner) neither spends it nor is signed in by it.
     */
    private void linkPage(Context ctx) {
        console.secure(ctx);
        String token = ctx.queryParam("token");
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            page(ctx, "signing in with a link: the link holds no token; print a new one with plumbline console link",
                    400);
            return;
        }
        Map<String, Object> params = params(ctx, null, "/");
        params.put("linkToken", token);
        console.render(ctx, "signin.jte", params);
    }

    private void link(Context ctx) {
        if (limited(ctx)) {
            return;
        }
        String token = ctx.formParam("token");
        Optional<Identity> who = token == null || token.length() > MAX_TOKEN ? Optional.empty()
                : db.signInLinks().redeem(Secrets.sha256(token)).map(r -> new Identity(r.name(), Role.parse(r.role()),
                        SignInLink.VIA));
        if (who.isEmpty()) {
            LOG.info("console sign-in from {} refused: the link is unknown, used or expired", ctx.ip());
            page(ctx, "signing in with a link: the link was not accepted (each link signs in once, before it "
                    + "expires); print a new one with plumbline console link", 401);
            return;
        }
        welcome(ctx, who.get(), "/");
    }

    private void oidcStart(Context ctx) {
        if (oidc == null) {
            page(ctx, "signing in with OpenID Connect: no identity provider is configured (console.oidc)", 404);
            return;
        }
        if (limited(ctx)) {
            return;
        }
        try {
            ctx.redirect(oidc.start(next(ctx.queryParam("next"))).toString());
        } catch (OidcException e) {
            LOG.warn("console sign-in: {}", e.getMessage());
            page(ctx, e.getMessage(), 502);
        }
    }

    private void oidcFinish(Context ctx) {
        if (oidc == null || limited(ctx)) {
            return;
        }
        try {
            Oidc.SignedIn done = oidc.finish(ctx.fullUrl());
            welcome(ctx, done.identity(), done.next());
        } catch (OidcException e) {
            LOG.info("console sign-in from {} refused: {}", ctx.ip(), e.getMessage());
            page(ctx, e.getMessage(), 401);
        }
    }

    private void welcome(Context ctx, Identity who, String next) {
        sessions.start(ctx, who);
        ctx.redirect(next(next), HttpStatus.SEE_OTHER);
    }

    private boolean limited(Context ctx) {
        console.secure(ctx);
        if (attempts.allow(ctx.ip())) {
            return false;
        }
        ctx.header("Retry-After", String.valueOf(attempts.window().toSeconds()));
        page(ctx, "signing in: too many attempts from " + ctx.ip() + "; wait a minute", 429);
        return true;
    }

    /** A page of this console to go to after signing in; anything else (another site) reads as the fleet. */
    static String next(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.length() > 2000 || next.chars().anyMatch(Character::isISOControl)) {
            return "/";
        }
        return next;
    }
}

package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import dev.plumbline.auth.IdentitySource;
import dev.plumbline.auth.Role;
import dev.plumbline.config.ConsoleConfig;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.store.Database;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The console's routes and what they share: who is asking (the session cookie first, then any other
 * {@link IdentitySource} such as a bearer token), the templates, the security headers, the CSRF check of every
 * form, and the page for a refusal. Pages need a viewer; the forms that change something need an operator.
 */
public final class Console {
    private static final String CSS = "/console/plumbline.css";

    private final Sessions sessions;
    private final List<IdentitySource> others;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final String policy;
    private final byte[] css;
    private final Pages pages;
    private final Actions actions;
    private final SignIn signIn;

    /**
     * {@code baseUrl} is where the console is reached (asked when needed: the server learns its port late) (the redirect address of OpenID Connect is under it);
     * {@code tokens} signs in with an API token (empty when the daemon has none); {@code others} identify requests
     * that carry no session.
     */
    public Console(Database db, Reconciler reconciler, ConsoleConfig config, Supplier<URI> baseUrl, TokenSignIn tokens,
            List<IdentitySource> others) {
        Clock clock = Clock.systemUTC();
        this.sessions = new Sessions(db, config.sessionMaxAge(), "https".equals(baseUrl.get().getScheme()), clock);
        this.others = List.copyOf(others);
        Oidc oidc = config.oidc() == null ? null : new Oidc(config.oidc(), baseUrl, db, clock);
        this.policy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none';"
                + " form-action 'self'" + (oidc == null ? "" : " " + oidc.origin());
        this.css = resource("plumbline.css");
        this.pages = new Pages(this, db, clock);
        this.actions = new Actions(this, db, reconciler);
        this.signIn = new SignIn(this, db, sessions, oidc, tokens, new Attempts(10, Duration.ofMinutes(1), clock));
    }

    /** One of the console's routes. */
    public record Page(HandlerType method, String path, Handler handler) { }

    /**
     * The console's routes. {@code plainRun} answers {@code GET /runs/{id}} for a client that asks for no HTML (a
     * script with a token), once it has proved who it is; a browser gets the console's run page.
     */
    public List<Page> pages(Handler plainRun) {
        List<Page> out = new ArrayList<>();
        out.add(new Page(HandlerType.GET, CSS, ctx -> ctx.contentType("text/css; charset=utf-8")
                .header("Cache-Control", "max-age=3600").result(css)));
        out.add(new Page(HandlerType.GET, "/", ctx -> viewer(ctx).ifPresent(who -> pages.fleet(ctx, who))));
        out.add(new Page(HandlerType.GET, "/workspaces/{repo}/{name}", ctx -> viewer(ctx)
                .ifPresent(who -> pages.workspace(ctx, who))));
        out.add(new Page(HandlerType.GET, "/runs/{id}", ctx -> {
            if (wantsHtml(ctx)) {
                viewer(ctx).ifPresent(who -> pages.run(ctx, who));
            } else if (identify(ctx).isEmpty()) {
                ctx.status(401).contentType("text/plain; charset=utf-8").result("401 showing run "
                        + ctx.pathParam("id") + ": no valid credentials (send Authorization: Bearer <token>)\n");
            } else {
                plainRun.handle(ctx);
            }
        }));
        out.add(new Page(HandlerType.GET, "/queue", ctx -> viewer(ctx).ifPresent(who -> pages.queue(ctx, who))));
        out.add(new Page(HandlerType.GET, "/audit", ctx -> viewer(ctx).ifPresent(who -> pages.audit(ctx, who))));
        for (String action : List.of("approve", "apply", "cancel")) {
            out.add(new Page(HandlerType.POST, "/runs/{id}/" + action, ctx -> operatorForm(ctx)
                    .ifPresent(who -> actions.act(ctx, who, action))));
        }
        out.addAll(signIn.pages());
        return List.copyOf(out);
    }

    /** The identity of a console request: its session, else what another source says. */
    Optional<Identity> identify(Context ctx) {
        Optional<Identity> who = sessions.identify(ctx);
        for (int i = 0; who.isEmpty() && i < others.size(); i++) {
            who = others.get(i).identify(ctx);
        }
        return who;
    }

    /** The viewer of a page; a browser without one is sent to sign in, and back here afterwards. */
    private Optional<Identity> viewer(Context ctx) {
        secure(ctx);
        Optional<Identity> who = identify(ctx);
        if (who.isEmpty()) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        return who;
    }

    /** The operator behind a form: signed in, with the form's CSRF token, and a role that may change things. */
    private Optional<Identity> operatorForm(Context ctx) {
        secure(ctx);
        Optional<Identity> who = identify(ctx);
        String doing = ctx.path().substring(1).replace('/', ' ');
        if (who.isEmpty()) {
            refuse(ctx, 401, null, "Sign in first", doing + ": nobody is signed in");
            return Optional.empty();
        }
        if (!csrfOk(ctx)) {
            refuse(ctx, 403, who.get(), "Refused", doing + ": the form's CSRF token is missing or wrong; reload the "
                    + "page and try again");
            return Optional.empty();
        }
        if (!who.get().may(Role.OPERATOR)) {
            refuse(ctx, 403, who.get(), "Refused", doing + ": needs the operator role; " + who.get().name()
                    + " is " + who.get().role().wire());
            return Optional.empty();
        }
        return who;
    }

    /** Whether the form's {@code csrf} field is this session's token. */
    static boolean csrfOk(Context ctx) {
        return Secrets.same(Sessions.csrfToken(ctx), ctx.formParam("csrf"));
    }

    void secure(Context ctx) {
        ctx.header("Content-Security-Policy", policy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    Frame frame(Context ctx, Identity who, int refresh) {
        return new Frame(who, who == null ? "" : Sessions.csrfToken(ctx), refresh);
    }

    void refuse(Context ctx, int status, Identity who, String title, String message) {
        ctx.status(status);
        render(ctx, "message.jte", Map.of("frame", frame(ctx, who, 0), "title", title, "message", message));
    }

    private static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("starting the console: " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("starting the console: reading " + name + ": " + e.getMessage(), e);
        }
    }
}

package dev.plumbline.http;

import dev.plumbline.config.HttpSettings;
import dev.plumbline.console.Console;
import dev.plumbline.metrics.Metrics;
import dev.plumbline.vcs.HostKind;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.security.Roles;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server: webhooks in, the API and run pages out, health and metrics, on {@code http.bind}:
 * {@code http.port} of the daemon config (port 0 picks a free one, see {@link #port()}). Every route is in
 * {@link #routes} with its {@link Rule}, checked by {@link Access} before the route runs. Request bodies over
 * {@link #MAX_BODY} bytes are refused (413) before they are read: webhook payloads are far smaller.
 */
public final class Server implements AutoCloseable {
    public static final long MAX_BODY = 5L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final String STARTED = "plumbline.started";

    private final Javalin app;
    private final List<Route> routes;

    /** Each route Javalin holds (not its before and after handlers), {@code METHOD path}, with its rule or null. */
    Map<String, Rule> registered() {
        Map<String, Rule> out = new LinkedHashMap<>();
        for (var e : app.unsafe.internalRouter.allHttpHandlers()) {
            if (!e.endpoint.method.isHttpMethod()) {
                continue;
            }
            Roles roles = e.endpoint.metadata(Roles.class);
            out.put(e.endpoint.method + " " + e.endpoint.path, Access.ruleOf(roles == null ? Set.of() : roles.getRoles()));
        }
        return out;
    }

    private Server(Javalin app, List<Route> routes) {
        this.app = app;
        this.routes = routes;
    }

    /** Every route the server answers, with its rule. */
    public static List<Route> routes(Edge edge, Operations ops, Clock clock) {
        WebhookEndpoint webhooks = new WebhookEndpoint(edge.db(), edge.hosts(), edge.sink());
        RunPage runs = new RunPage(edge.db());
        List<Route> all = new ArrayList<>();
        all.add(new Route(HandlerType.POST, "/webhooks/github", Rule.PUBLIC, ctx -> webhooks.receive(ctx, HostKind.GITHUB)));
        all.add(new Route(HandlerType.POST, "/webhooks/gitlab", Rule.PUBLIC, ctx -> webhooks.receive(ctx, HostKind.GITLAB)));
        all.add(new Route(HandlerType.GET, "/runs/{id}", Rule.VIEWER, runs::show));
        all.add(new Route(HandlerType.GET, "/healthz", Rule.PUBLIC, ctx -> ctx.result("ok\n")));
        all.add(new Route(HandlerType.GET, "/readyz", Rule.PUBLIC, ctx -> ready(ctx, ops.readiness())));
        all.add(new Route(HandlerType.GET, "/metrics", Rule.VIEWER, ctx -> ctx
                .contentType("text/plain; version=0.0.4; charset=utf-8").result(ops.metrics().scrape())));
        all.addAll(ApiRoutes.of(edge, clock));
        return List.copyOf(all);
    }

    /**
     * The routes with the console's mounted: its pages and forms are public to {@link Access}, since the console
     * signs people in itself (a browser without a session is sent to sign in, not refused), and {@code GET
     * /runs/{id}} is its run page for a browser, the plain-text page for anyone else with a viewer's credentials.
     */
    public static List<Route> routes(Edge edge, Operations ops, Clock clock, Console console) {
        RunPage runs = new RunPage(edge.db());
        List<Route> all = new ArrayList<>(routes(edge, ops, clock).stream()
                .filter(r -> !r.path().equals("/runs/{id}")).toList());
        for (Console.Page p : console.pages(runs::show)) {
            all.add(new Route(p.method(), p.path(), Rule.PUBLIC, p.handler()));
        }
        return List.copyOf(all);
    }

    /**
     * The server with the console's pages beside the API (a null {@code console}: none), with the signed
     * {@code POST /api/v1/events} of the events section (null: none), and HTTPS only when {@code tls} is given (the
     * keystore of {@code settings.tls()}, opened). The endpoint checks its own signature, like the webhooks.
     */
    public static Server start(HttpSettings settings, Tls tls, Edge edge, Operations ops, Console console,
                               EventEndpoint events) {
        List<Route> all = new ArrayList<>(console == null ? routes(edge, ops, Clock.systemUTC())
                : routes(edge, ops, Clock.systemUTC(), console));
        if (events != null) {
            all.add(new Route(HandlerType.POST, EventEndpoint.PATH, Rule.PUBLIC, events::receive));
        }
        return start(settings, tls, List.copyOf(all), edge, ops);
    }

    private static Server start(HttpSettings settings, Tls tls, List<Route> routes, Edge edge, Operations ops) {
        Metrics metrics = ops.metrics();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.jetty.modifyServer(server -> server.setErrorHandler(new PlainErrors()));
            if (tls != null) {
                // a connector of our own means Javalin adds no plain one: this port speaks HTTPS only
                config.jetty.addConnector((server, http) -> tls.connector(server, http, settings.bind(),
                        settings.port()));
            }
            config.routes.exception(ApiException.class, (e, ctx) -> refuse(ctx, e.status(), e.getMessage()));
            // Javalin's own refusals (a body over the limit) as one line, like every other answer
            config.routes.exception(HttpResponseException.class, (e, ctx) -> refuse(ctx, e.getStatus(),
                    e.getStatus() == 413 ? "the body is over " + (MAX_BODY >> 20) + " MB" : e.getMessage()));
            // a failure of Plumbline's own (the store unreachable) is logged with its trace; the caller gets one line
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("answering {} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
                refuse(ctx, 500, "internal error; see the daemon's log");
            });
            config.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                // every answer is what its content type says, never sniffed into a page
                ctx.header("X-Content-Type-Options", "nosniff");
            });
            config.routes.beforeMatched(edge.access()::check);
            config.routes.after(ctx -> measured(ctx, metrics));
            for (Route r : routes) {
                config.routes.addHttpHandler(r.method(), r.path(), r.handler(), r.rule());
            }
        });
        try {
            app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException("starting the HTTP server on " + settings.scheme() + "://"
                    + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        return new Server(app, routes);
    }

    /** A refusal as JSON under {@code /api/}, as one line of text elsewhere (webhook senders, pages). */
    static void refuse(Context ctx, int status, String message) {
        if (ctx.path().startsWith(ApiRoutes.BASE + "/")) {
            JsonOut.error(ctx, status, message);
        } else {
            ctx.status(status).contentType("text/plain; charset=utf-8").result(PlainErrors.line(status, message));
        }
    }

    private static void ready(Context ctx, Readiness readiness) {
        List<Map<String, Object>> checks = new ArrayList<>();
        boolean ok = true;
        for (Readiness.Check c : readiness.checks()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", c.name());
            v.put("ok", c.ok());
            v.put("problem", c.problem());
            checks.add(v);
            ok &= c.ok();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", ok);
        body.put("checks", checks);
        JsonOut.send(ctx, ok ? 200 : 503, body);
    }

    private static void measured(Context ctx, Metrics metrics) {
        Long started = ctx.attribute(STARTED);
        String route = matchedRoute(ctx);
        Duration took = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
        metrics.request(ctx.method().name(), route, ctx.statusCode(), took);
        if (route.startsWith("/webhooks/")) {
            int s = ctx.statusCode();
            metrics.webhook(route.substring("/webhooks/".length()), s == 202 ? "accepted" : s == 200 ? "duplicate"
                    : s == 401 ? "refused" : "invalid");
        }
    }

    /** The matched route's pattern, never the raw path (which holds ids); "unmatched" for a 404 of the router. */
    static String matchedRoute(Context ctx) {
        try {
            var matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? "unmatched" : matched.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
    }
}

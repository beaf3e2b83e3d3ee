package dev.plumbline.http;

import dev.plumbline.config.HttpSettings;
import dev.plumbline.console.Console;
import dev.plumbline.store.Database;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.hosts.CodeHosts;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server: webhooks in, run pages out, on {@code http.bind}:{@code http.port} of the daemon config
 * (port 0 picks a free one, see {@link #port()}). Request bodies over {@link #MAX_BODY} bytes are refused (413)
 * before they are read: webhook payloads are far smaller.
 */
public final class Server implements AutoCloseable {
    public static final long MAX_BODY = 5L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Javalin app;

    private Server(Javalin app) {
        this.app = app;
    }

    public static Server start(HttpSettings settings, Database db, CodeHosts hosts, DeliverySink sink) {
        return start(settings, db, hosts, sink, null);
    }

    /** The same server with the console's pages mounted beside the webhooks ({@code console} null: none). */
    public static Server start(HttpSettings settings, Database db, CodeHosts hosts, DeliverySink sink,
            Console console) {
        WebhookEndpoint webhooks = new WebhookEndpoint(db, hosts, sink);
        RunPage runs = new RunPage(db);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.jetty.modifyServer(server -> server.setErrorHandler(new PlainErrors()));
            // Javalin's own refusals (a body over the limit) as one line, like every other answer
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .contentType("text/plain; charset=utf-8").result(PlainErrors.line(e.getStatus(),
                            e.getStatus() == 413 ? "the body is over " + (MAX_BODY >> 20) + " MB" : e.getMessage())));
            // a failure of Plumbline's own (the store unreachable) is logged with its trace; the host gets one line
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("answering {} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e);
                ctx.status(500).contentType("text/plain; charset=utf-8").result(PlainErrors.line(500,
                        "internal error; see the daemon's log"));
            });
            config.routes.post("/webhooks/github", ctx -> webhooks.receive(ctx, HostKind.GITHUB));
            config.routes.post("/webhooks/gitlab", ctx -> webhooks.receive(ctx, HostKind.GITLAB));
            if (console == null) {
                config.routes.get("/runs/{id}", runs::show);
            } else {
                console.mount(config.routes, runs::show);
            }
            config.routes.get("/healthz", ctx -> ctx.result("ok\n"));
        });
        try {
            app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException("starting the HTTP server on " + settings.bind() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        return new Server(app);
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

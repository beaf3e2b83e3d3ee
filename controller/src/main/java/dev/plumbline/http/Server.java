package dev.plumbline.http;

import dev.plumbline.config.HttpSettings;
import dev.plumbline.reconcile.CodeHosts;
import dev.plumbline.store.Database;
import dev.plumbline.vcs.HostKind;
import io.javalin.Javalin;

/**
 * The daemon's HTTP server: webhooks in, run pages out, on {@code http.bind}:{@code http.port} of the daemon config
 * (port 0 picks a free one, see {@link #port()}). Request bodies over {@link #MAX_BODY} bytes are refused (413)
 * before they are read: webhook payloads are far smaller.
 */
public final class Server implements AutoCloseable {
    public static final long MAX_BODY = 5L * 1024 * 1024;

    private final Javalin app;

    private Server(Javalin app) {
        this.app = app;
    }

    public static Server start(HttpSettings settings, Database db, CodeHosts hosts, DeliverySink sink) {
        WebhookEndpoint webhooks = new WebhookEndpoint(db, hosts, sink);
        RunPage runs = new RunPage(db);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.routes.post("/webhooks/github", ctx -> webhooks.receive(ctx, HostKind.GITHUB));
            config.routes.post("/webhooks/gitlab", ctx -> webhooks.receive(ctx, HostKind.GITLAB));
            config.routes.get("/runs/{id}", runs::show);
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

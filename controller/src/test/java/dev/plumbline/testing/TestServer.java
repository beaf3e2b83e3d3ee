package dev.plumbline.testing;

import dev.plumbline.auth.BearerTokens;
import dev.plumbline.auth.Tokens;
import dev.plumbline.config.HttpSettings;
import dev.plumbline.http.Access;
import dev.plumbline.http.DeliverySink;
import dev.plumbline.http.Edge;
import dev.plumbline.http.EventEndpoint;
import dev.plumbline.http.Operations;
import dev.plumbline.http.Readiness;
import dev.plumbline.http.ReadinessChecks;
import dev.plumbline.http.Server;
import dev.plumbline.http.Tls;
import dev.plumbline.metrics.Metrics;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.WorkspaceRunner;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.store.Database;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A server wired as the daemon wires it, over a real store, with a reconciler of no repos (approvals and applies
 * of stored runs need no repo until an apply runs), bearer tokens as the only identity source, and readiness
 * checks whose scheduler is a switch the test holds.
 */
public final class TestServer implements AutoCloseable {
    public final AtomicBoolean schedulerRunning = new AtomicBoolean(true);
    public final Server server;
    private final Catalog catalog;

    public TestServer(Database db, CodeHosts hosts, DeliverySink sink, Path dataDir, Runnable queued) {
        this(db, hosts, sink, dataDir, queued, null);
    }

    /** With the signed event endpoint {@code events} (null: none). */
    public TestServer(Database db, CodeHosts hosts, DeliverySink sink, Path dataDir, Runnable queued,
                      EventEndpoint events) {
        this(db, hosts, sink, dataDir, queued, events, new HttpSettings("127.0.0.1", 0), null);
    }

    /** On {@code settings}' address, speaking HTTPS with {@code tls} when given. */
    public TestServer(Database db, CodeHosts hosts, DeliverySink sink, Path dataDir, Runnable queued,
                      EventEndpoint events, HttpSettings settings, Tls tls) {
        Map<String, String> env = Map.of();
        catalog = new Catalog(List.of(), dataDir, env, db.validSettings());
        Toolchain tools = Toolchain.locate(System.getenv());
        Reconciler reconciler = new Reconciler(db, catalog, new WorkspaceRunner(db, tools, dataDir, env));
        Access access = new Access(List.of(new BearerTokens(new Tokens(db))));
        Edge edge = new Edge(db, hosts, sink, reconciler, queued, access);
        Readiness ready = new ReadinessChecks(db, schedulerRunning::get, tools.tofu());
        server = Server.start(settings, tls, edge,
                new Operations(new Metrics(db, Clock.systemUTC()), ready), null, events);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        catalog.close();
    }

    public static Server start(Database db, CodeHosts hosts, DeliverySink sink, Path dataDir) {
        return new TestServer(db, hosts, sink, dataDir, () -> { }).server;
    }
}

package dev.plumbline.cli;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.http.Server;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.pullrequest.MergedPlans;
import dev.plumbline.pullrequest.PullRequests;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.pullrequest.WebhookInbox;
import dev.plumbline.schedule.ClaimLoop;
import dev.plumbline.schedule.Dispatcher;
import dev.plumbline.schedule.ScheduledInfo;
import dev.plumbline.schedule.RepoPolls;
import dev.plumbline.schedule.Schedules;
import dev.plumbline.schedule.Timetable;
import dev.plumbline.schedule.TriggeredRuns;
import dev.plumbline.schedule.WorkDispatch;
import dev.plumbline.schedule.WorkSignal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: Quartz fires drift checks and repo polls; fires, polls, pull request events and retries become work
 * queued in the store ({@link TriggeredRuns}), which this daemon claims and runs ({@link ClaimLoop}); webhooks
 * arrive on the HTTP server and are acted on one at a time; stopping interrupts running tools cleanly so their runs
 * are recorded as interrupted, and hands their work back to the queue.
 */
final class Daemon implements Dispatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final App app;
    private final TriggeredRuns runs;
    private final ClaimLoop claims;
    private final Timetable timetable;
    private final RepoPolls polls;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(r -> thread(r, "deliveries"));
    /** Null when no repo has a vcs: entry. */
    private final PullRequests pullRequests;
    private final WebhookInbox inbox;
    private volatile Schedules schedules;
    private volatile Server server;
    private volatile boolean stopping;

    Daemon(App app) {
        this(app, ownerId());
    }

    /** {@code owner} names this daemon in the claims of the store's queue. */
    Daemon(App app, String owner) {
        this.app = app;
        MergedPlans merged = app.hosts.isEmpty() ? null : MergedPlans.of(app.db, app.catalog, app.hosts, this::baseUrl);
        Reconciler reconciler = merged == null ? app.reconciler : app.reconciler.reviewing(merged);
        WorkSignal signal = new WorkSignal();
        this.runs = new TriggeredRuns(app.db, app.config.retry(), signal);
        if (merged == null) {
            this.pullRequests = null;
            this.inbox = null;
        } else {
            this.pullRequests = new PullRequests(reconciler, merged, signal::ring, this::poll);
            this.inbox = new WebhookInbox(app.db, pullRequests, this::poll);
        }
        WorkDispatch dispatch = new WorkDispatch(reconciler, pullRequests == null ? null : pullRequests.work());
        this.claims = new ClaimLoop(app.db, dispatch, runs, owner, app.config.maxConcurrentRuns(), signal);
        this.timetable = new Timetable(app.config.repos(), app.config.pollInterval(), app.catalog);
        this.polls = new RepoPolls(reconciler, runs, timetable, () -> schedules, repo -> {
            if (pullRequests != null && app.hosts.forRepo(repo).isPresent()) {
                pullRequests.poll(repo);
            }
        });
    }

    void start() {
        int interrupted = app.db.runs().markInterrupted("the daemon stopped before this run finished");
        if (interrupted > 0) {
            LOG.warn("{} run(s) were cut off by the last stop and are marked interrupted", interrupted);
            app.db.audit().record("plumbline", "daemon.recovered", Optional.empty(), Optional.empty(),
                    interrupted + " run(s) marked interrupted");
        }
        handBackWorkOfEarlierDaemons();
        app.runner.removeLeftovers();
        if (app.notifier != null) {
            // events decided before a crash or a stop, or by a CLI command, are delivered now, at least once
            app.notifier.deliverEveryEvent();
        }
        for (String repo : app.catalog.repos()) {
            refreshQuietly(repo);
        }
        schedules = Schedules.start(app.db.dataSource(), this, "plumbline", timetable.specs());
        app.catalog.repos().forEach(this::poll);
        if (inbox != null) {
            // deliveries stored before a crash or a stop are acted on now, once
            inbox.unprocessed().forEach(this::deliver);
        }
        claims.start();
        LOG.info("plumbline is serving {} repo(s), {} schedule(s), at most {} run(s) at once",
                app.catalog.repos().size(), schedules.list().size(), app.config.maxConcurrentRuns());
    }

    /**
     * Work claimed by a daemon that is gone goes back to the queue (an apply as a fresh review). Like the runs
     * marked interrupted above, every earlier owner counts as gone: one daemon per store. This daemon's own id
     * included: nothing is claimed for it before its claim loop starts, so what is must be a predecessor's in
     * this same process.
     */
    private void handBackWorkOfEarlierDaemons() {
        for (String earlier : app.db.queuedWork().claimOwners()) {
            int handedBack = app.db.queuedWork().releaseOwner(earlier);
            LOG.warn("{} piece(s) of work claimed by {} go back to the queue", handedBack, earlier);
        }
    }

    /** This process, as the store's claims name it: host, pid and start time. */
    static String ownerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().map(Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        return host + ":" + self.pid() + ":" + started;
    }

    /**
     * Starts the HTTP server (webhooks in, run pages out) on the configured address; returns its port. Separate from
     * {@link #start} so that a daemon in a test does not need a port.
     */
    int startHttp() {
        Server s = Server.start(app.config.http(), app.db, app.hosts,
                this::deliver);
        server = s;
        LOG.info("plumbline is listening on {}:{}", app.config.http().bind(), s.port());
        return s.port();
    }

    /** Where run links point: the configured base URL, else the HTTP server's address once it listens. */
    private URI baseUrl() {
        Server s = server;
        return URI.create(App.baseUrl(app.config, s == null ? app.config.http().port() : s.port()));
    }

    /** A stored webhook delivery, acted on off the request thread, in the order deliveries arrived. */
    private void deliver(long deliveryId) {
        if (stopping || inbox == null) {
            return;
        }
        deliveries.execute(() -> inbox.process(deliveryId));
    }

    @Override
    public void driftCheck(WorkspaceId workspace, boolean catchUp) {
        runs.driftCheck(workspace, catchUp);
    }

    @Override
    public void poll(String repo) {
        if (!stopping) {
            polls.poll(repo);
        }
    }

    /** Queues a run of {@code ws}; package-private so that tests can trigger runs the way the schedules do. */
    void submit(WorkspaceId ws, RunKind kind, Trigger trigger, Attempt attempt) {
        runs.submit(ws, kind, trigger, attempt);
    }

    /** The schedules stored for this daemon, for status output and tests. */
    List<ScheduledInfo> schedules() {
        return schedules.list();
    }

    private void refreshQuietly(String repo) {
        try {
            Catalog.RepoView v = app.catalog.refresh(repo);
            if (v.settingsError() != null) {
                LOG.error("repo {}: {}", repo, v.settingsError());
            }
        } catch (RuntimeException e) {
            // One unreachable repo must not keep the daemon from serving the others; its poll retries.
            LOG.error("fetching repo {}: {}", repo, e.getMessage());
        }
    }

    /** Stops firing, interrupts running tools (SIGINT, so locks are released), waits for them, closes the store. */
    @Override
    public void close() {
        stopping = true;
        LOG.info("plumbline is stopping: interrupting {} running run(s)", claims.running());
        if (server != null) {
            server.close();
        }
        deliveries.shutdownNow();
        if (schedules != null) {
            schedules.shutdown();
        }
        polls.stop();
        int waiting = claims.stop(STOP_GRACE);
        if (waiting > 0) {
            LOG.info("{} piece(s) of queued work wait in the store for the next start", waiting);
        }
        app.close();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, "plumbline-" + name);
        t.setDaemon(true);
        return t;
    }
}

package dev.plumbline.cli;

import dev.plumbline.auth.BearerTokens;
import dev.plumbline.auth.Tokens;
import dev.plumbline.config.HttpSettings;
import dev.plumbline.console.Console;
import dev.plumbline.domain.Owner;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.events.EventIntake;
import dev.plumbline.events.SqsEvents;
import dev.plumbline.http.Access;
import dev.plumbline.http.Edge;
import dev.plumbline.http.EventEndpoint;
import dev.plumbline.http.Operations;
import dev.plumbline.http.Readiness;
import dev.plumbline.http.ReadinessChecks;
import dev.plumbline.http.Server;
import dev.plumbline.http.Tls;
import dev.plumbline.metrics.Metrics;
import dev.plumbline.pullrequest.MergedPlans;
import dev.plumbline.pullrequest.PullRequests;
import dev.plumbline.pullrequest.WebhookInbox;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.LostOwners;
import dev.plumbline.reconcile.LostRuns;
import dev.plumbline.reconcile.OwnerHeartbeat;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.schedule.ClaimLoop;
import dev.plumbline.schedule.Dispatcher;
import dev.plumbline.schedule.RepoPolls;
import dev.plumbline.schedule.ScheduledInfo;
import dev.plumbline.schedule.Schedules;
import dev.plumbline.schedule.Timetable;
import dev.plumbline.schedule.TriggeredRuns;
import dev.plumbline.schedule.WorkDispatch;
import dev.plumbline.schedule.WorkSignal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
    /** How often this daemon looks for owners that are gone. */
    static final Duration REAP_INTERVAL = Duration.ofSeconds(10);

    private final App app;
    private final TriggeredRuns runs;
    private final ClaimLoop claims;
    private final Timetable timetable;
    private final RepoPolls polls;
    /** The reconciler the API's approvals and applies go through: the one the claimed work runs with. */
    private final Reconciler reconciler;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(r -> thread(r, "deliveries"));
    /** Null when no repo has a vcs: entry. */
    private final PullRequests pullRequests;
    private final WebhookInbox inbox;
    /** What is done with the runs of an owner found gone, once they are recorded interrupted. */
    private final Consumer<LostRuns> onOwnerLost = this::handBack;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "reaper"));
    private volatile DaemonLock lock;
    private volatile Schedules schedules;
    private volatile Server server;
    /** Null without an events: section. */
    private final EventIntake events;
    /** Null without events.aws_sqs. */
    private volatile SqsEvents queueEvents;
    private volatile boolean stopping;

    Daemon(App app) {
        this(app, OwnerHeartbeat.thisProcess(Owner.Kind.DAEMON).id());
    }

    /** {@code owner} names this daemon in the claims of the store's queue. */
    Daemon(App app, String owner) {
        this.app = app;
        MergedPlans merged = app.hosts.isEmpty() ? null : MergedPlans.of(app.db, app.catalog, app.hosts, this::baseUrl);
        this.reconciler = merged == null ? app.reconciler : app.reconciler.reviewing(merged);
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
        this.events = app.config.events().any()
                ? new EventIntake(app.db, app.config.events(), signal::ring, Clock.systemUTC()) : null;
        this.timetable = new Timetable(app.config.repos(), app.config.pollInterval(), app.catalog);
        this.polls = new RepoPolls(reconciler, runs, timetable, () -> schedules, repo -> {
            if (pullRequests != null && app.hosts.forRepo(repo).isPresent()) {
                pullRequests.poll(repo);
            }
        });
    }

    void start() {
        lock = DaemonLock.acquire(app.config.dataDir());
        Owner self = app.owner.start(Owner.Kind.DAEMON);
        LostOwners lost = new LostOwners(app.db, self, app.config.heartbeatTimeout(), onOwnerLost);
        recover(lost);
        reaper.scheduleWithFixedDelay(() -> lost.reapQuietly(true), REAP_INTERVAL.toMillis(),
                REAP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        handBackWorkOfEarlierDaemons();
        app.runner.removeLeftovers();
        if (app.notifier != null) {
            // events decided before a crash or a stop, or by a CLI command, are delivered now, at least once
            app.notifier.deliverEveryEvent();
        }
        for (String repo : app.catalog.repos()) {
            refreshQuietly(repo);
        }
        schedules = Schedules.start(app.db.dataSource(), this, "plumbline", schedulerId(self), timetable.specs());
        app.catalog.repos().forEach(this::poll);
        if (inbox != null) {
            // deliveries stored before a crash or a stop are acted on now, once
            inbox.unprocessed().forEach(this::deliver);
        }
        claims.start();
        if (app.config.events().sqs() != null) {
            queueEvents = SqsEvents.of(app.config.events().sqs(), events);
            queueEvents.start();
        }
        LOG.info("plumbline is serving {} repo(s), {} schedule(s), at most {} run(s) at once",
                app.catalog.repos().size(), schedules.list().size(), app.config.maxConcurrentRuns());
    }

    /**
     * Work claimed by a daemon that is gone goes back to the queue (an apply as a fresh review): by one whose owner
     * row says it stopped or was found lost, by one no owner row names, or by this daemon's own id (a predecessor
     * in this same process; nothing is claimed for this daemon before its claim loop starts). A live daemon's
     * claims are left alone; those of one found gone later are handed back by {@link #handBack}.
     */
    private void handBackWorkOfEarlierDaemons() {
        for (String earlier : app.db.queuedWork().claimOwners()) {
            if (earlier.equals(claims.owner()) || app.db.owners().stopped(earlier).orElse(true)) {
                release(earlier);
            }
        }
    }

    /** What an owner found gone had claimed goes back to the queue, once its runs are recorded interrupted. */
    private void handBack(LostRuns lost) {
        release(lost.owner().id());
    }

    private void release(String owner) {
        int handedBack = app.db.queuedWork().releaseOwner(owner);
        if (handedBack > 0) {
            LOG.warn("{} piece(s) of work claimed by {} go back to the queue", handedBack, owner);
        }
    }

    /**
     * This daemon's id in the scheduler's cluster: its host and data directory, which no other daemon shares (the
     * data directory is locked) and which stay the same across its restarts.
     */
    private String schedulerId(Owner self) {
        String host = self.host().length() > 60 ? self.host().substring(0, 60) : self.host();
        return host + ":" + Integer.toHexString(app.config.dataDir().toAbsolutePath().toString().hashCode());
    }

    /**
     * Runs left running by processes that are gone: those written before runs had owners, those of owners of
     * this host whose process ended (this daemon's earlier self among them), and those of owners whose heartbeat
     * has been silent too long. A live owner's runs, a CLI command's beside this daemon or another daemon's, are
     * left alone.
     */
    private void recover(LostOwners lost) {
        int interrupted = app.db.runs().markInterrupted("the daemon stopped before this run finished");
        for (LostRuns l : lost.recoverThisHost()) {
            interrupted += l.interrupted().size();
        }
        for (LostRuns l : lost.reapSilent()) {
            interrupted += l.interrupted().size();
        }
        if (interrupted > 0) {
            LOG.warn("{} run(s) were cut off by the last stop and are marked interrupted", interrupted);
            app.db.audit().record("plumbline", "daemon.recovered", Optional.empty(), Optional.empty(),
                    interrupted + " run(s) marked interrupted");
        }
    }

    /**
     * Starts the HTTP server (webhooks in, run pages out) on the configured address; returns its port. Separate from
     * {@link #start} so that a daemon in a test does not need a port.
     */
    int startHttp() {
        HttpSettings http = app.config.http();
        http.requireSafeExposure(app.config.file().toString());
        Tls tls = http.tls() == null ? null : Tls.open(http.tls(), app.env::get);
        Tokens tokens = new Tokens(app.db);
        Access access = new Access(List.of(new BearerTokens(tokens)));
        Edge edge = new Edge(app.db, app.hosts, this::deliver, reconciler, runs::queued, access);
        Readiness ready = new ReadinessChecks(app.db, () -> schedules != null && schedules.running(),
                app.toolchain.binary(Tool.TOFU));
        Console console = new Console(app.db, reconciler, app.config.console(), this::baseUrl, tokens::identify,
                List.of(new BearerTokens(tokens)));
        String secretEnv = app.config.events().httpSecretEnv();
        EventEndpoint signedEvents = secretEnv == null || events == null ? null
                : new EventEndpoint(events, () -> app.env.get(secretEnv));
        Server s = Server.start(http, tls, edge, new Operations(new Metrics(app.db, Clock.systemUTC()), ready),
                console, signedEvents);
        server = s;
        LOG.info("plumbline is listening on {}://{}:{}", http.scheme(), http.bind(), s.port());
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
            if (v.settings() != null) {
                // the fleet lists every configured workspace, checked or not yet
                v.settings().workspaces().forEach(ws -> app.db.workspaces().ensure(ws.id(), ws.dir(), ws.tool()));
            }
        } catch (RuntimeException e) {
            // One unreachable repo must not keep the daemon from serving the others; its poll retries.
            LOG.error("fetching repo {}: {}", repo, e.getMessage());
        }
    }

    /**
     * Stops firing, interrupts running tools (SIGINT, so locks are released), waits for them, marks this owner
     * stopped, closes the store, and last lets go of the data directory.
     */
    @Override
    public void close() {
        stopping = true;
        LOG.info("plumbline is stopping: interrupting {} running run(s)", claims.running());
        if (server != null) {
            server.close();
        }
        deliveries.shutdownNow();
        if (queueEvents != null) {
            queueEvents.close();
        }
        if (schedules != null) {
            schedules.shutdown();
        }
        polls.stop();
        reaper.shutdownNow();
        int waiting = claims.stop(STOP_GRACE);
        if (waiting > 0) {
            LOG.info("{} piece(s) of queued work wait in the store for the next start", waiting);
        }
        // the store closes only now, after the tools ended and their runs and last log lines were recorded
        app.close();
        if (lock != null) {
            lock.close();
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, "plumbline-" + name);
        t.setDaemon(true);
        return t;
    }
}

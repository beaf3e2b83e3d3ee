package dev.plumbline.cli;

import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.RetryPolicy;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.http.Server;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.PullRequests;
import dev.plumbline.reconcile.WebhookInbox;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.schedule.Cadence;
import dev.plumbline.schedule.Dispatcher;
import dev.plumbline.schedule.Priority;
import dev.plumbline.schedule.QueuedRun;
import dev.plumbline.schedule.RunQueue;
import dev.plumbline.schedule.ScheduleSpec;
import dev.plumbline.schedule.ScheduledInfo;
import dev.plumbline.schedule.Schedules;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: Quartz fires drift checks and repo polls, which become runs in the {@link RunQueue} (one run per
 * workspace at a time, a global cap, applies first); failed runs are retried with backoff; stopping interrupts
 * running tools cleanly so their runs are recorded as interrupted.
 */
final class Daemon implements Dispatcher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final App app;
    private final RunQueue queue;
    private final Set<Cancellation> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "retries"));
    /** One poller per repo: a repo whose fetch or settings are slow never holds up the others. */
    private final Map<String, ExecutorService> pollers = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(r -> thread(r, "deliveries"));
    /** Null when no repo has a vcs: entry. */
    private final PullRequests pullRequests;
    private final WebhookInbox inbox;
    private volatile Schedules schedules;
    private volatile Server server;
    private volatile boolean stopping;

    Daemon(App app) {
        this.app = app;
        this.queue = new RunQueue(app.config.maxConcurrentRuns());
        if (app.hosts.isEmpty()) {
            this.pullRequests = null;
            this.inbox = null;
        } else {
            this.pullRequests = new PullRequests(app.reconciler, app.hosts, this::submitWork, this::baseUrl, this::poll);
            this.inbox = new WebhookInbox(app.db, pullRequests, this::poll);
        }
    }

    void start() {
        int interrupted = app.db.runs().markInterrupted("the daemon stopped before this run finished");
        if (interrupted > 0) {
            LOG.warn("{} run(s) were cut off by the last stop and are marked interrupted", interrupted);
            app.db.audit().record("plumbline", "daemon.recovered", Optional.empty(), Optional.empty(),
                    interrupted + " run(s) marked interrupted");
        }
        app.runner.removeLeftovers();
        for (String repo : app.catalog.repos()) {
            refreshQuietly(repo);
        }
        schedules = Schedules.start(app.db.dataSource(), this, "plumbline", specs());
        app.catalog.repos().forEach(this::poll);
        if (inbox != null) {
            // deliveries stored before a crash or a stop are acted on now, once
            inbox.unprocessed().forEach(this::deliver);
        }
        LOG.info("plumbline is serving {} repo(s), {} schedule(s), at most {} run(s) at once",
                app.catalog.repos().size(), schedules.list().size(), app.config.maxConcurrentRuns());
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

    /** Pull request plans and applies wait in the run queue like every other run. */
    private void submitWork(WorkspaceId ws, boolean apply, String description,
            java.util.function.Consumer<Cancellation> work) {
        if (stopping) {
            return;
        }
        queue.submit(new QueuedRun(ws, apply ? Priority.APPLY : Priority.PLAN, description, () -> {
            Cancellation cancel = new Cancellation();
            active.add(cancel);
            try {
                work.accept(cancel);
            } finally {
                active.remove(cancel);
            }
        }));
    }

    @Override
    public void driftCheck(WorkspaceId workspace, boolean catchUp) {
        if (catchUp) {
            LOG.info("drift check of {} fell due while the daemon was down or busy; running it now", workspace);
        }
        submit(workspace, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
    }

    @Override
    public void poll(String repo) {
        if (stopping) {
            return;
        }
        pollerOf(repo).execute(() -> {
            try {
                for (WorkspaceId ws : app.reconciler.changedWorkspaces(repo)) {
                    submit(ws, RunKind.PLAN, Trigger.PUSH, Attempt.FIRST);
                }
                schedules.sync(specs());
            } catch (RuntimeException e) {
                LOG.error("polling repo {}: {}", repo, e.getMessage());
            }
            if (pullRequests != null && app.hosts.forRepo(repo).isPresent()) {
                try {
                    pullRequests.poll(repo);
                } catch (RuntimeException e) {
                    LOG.error("polling the pull requests of repo {}: {}", repo, e.getMessage());
                }
            }
        });
    }

    private ExecutorService pollerOf(String repo) {
        return pollers.computeIfAbsent(repo, r -> Executors.newSingleThreadExecutor(t -> thread(t, "poller-" + r)));
    }

    /** Queues a run of {@code ws}; package-private so that tests can trigger runs the way the schedules do. */
    void submit(WorkspaceId ws, RunKind kind, Trigger trigger, Attempt attempt) {
        if (stopping) {
            return;
        }
        Cancellation cancel = new Cancellation();
        String what = kind.wire() + " of " + ws + " (" + trigger.wire() + ", attempt " + attempt.number() + ")";
        queue.submit(new QueuedRun(ws, Priority.of(kind), what, () -> {
            active.add(cancel);
            if (stopping) {
                // close() may already have interrupted the runs it saw; this one started just after.
                cancel.shutdown("the daemon is stopping");
            }
            try {
                Outcome o = kind == RunKind.DRIFT_CHECK
                        ? app.reconciler.driftCheck(ws, trigger, attempt, cancel)
                        : app.reconciler.reconcile(ws, trigger, attempt, cancel);
                failedRun(o).ifPresent(runId -> retry(ws, kind, attempt, runId));
            } catch (RuntimeException e) {
                LOG.error("{} failed before its run could start: {}", what, e.getMessage());
                retry(ws, kind, attempt, attempt.retryOf());
            } finally {
                active.remove(cancel);
            }
        }));
    }

    /** The failed run of an outcome, if it failed in a way worth trying again (not cancelled, not interrupted). */
    private static Optional<Long> failedRun(Outcome o) {
        if (o.plan().status() == RunStatus.FAILED) {
            return Optional.of(o.plan().runId());
        }
        if (o.apply() != null && o.apply().status() == RunStatus.FAILED) {
            return Optional.of(o.apply().runId());
        }
        return Optional.empty();
    }

    private void retry(WorkspaceId ws, RunKind kind, Attempt attempt, Long failedRunId) {
        RetryPolicy policy = app.config.retry();
        if (stopping || attempt.number() >= policy.maxAttempts()) {
            if (!stopping) {
                LOG.warn("{} of {} failed {} time(s); not retrying until the next trigger", kind.wire(), ws, attempt.number());
            }
            return;
        }
        Attempt next = failedRunId == null ? new Attempt(attempt.number() + 1, null) : attempt.next(failedRunId);
        Duration delay = policy.backoffBefore(next.number());
        LOG.info("retrying {} of {} in {}s (attempt {} of {})", kind.wire(), ws, delay.toSeconds(), next.number(),
                policy.maxAttempts());
        retries.schedule(() -> submit(ws, kind, Trigger.RETRY, next), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The schedules stored for this daemon, for status output and tests. */
    List<ScheduledInfo> schedules() {
        return schedules.list();
    }

    private List<ScheduleSpec> specs() {
        List<ScheduleSpec> specs = new ArrayList<>();
        for (RepoConfig repo : app.config.repos()) {
            Duration every = repo.pollInterval() != null ? repo.pollInterval() : app.config.pollInterval();
            specs.add(ScheduleSpec.repoPoll(repo.name(), Cadence.every(every)));
            Catalog.RepoView view = currentQuietly(repo.name());
            if (view != null && view.settings() != null) {
                for (var w : view.settings().workspaces()) {
                    if (!w.drift().scheduled()) {
                        continue;
                    }
                    try {
                        specs.add(ScheduleSpec.driftCheck(w.id(), Cadence.cron(w.drift().quartzCron())));
                    } catch (RuntimeException e) {
                        LOG.error("scheduling the drift checks of {}: {}", w.id(), e.getMessage());
                    }
                }
            }
        }
        return specs;
    }

    private Catalog.RepoView currentQuietly(String repo) {
        try {
            return app.catalog.current(repo);
        } catch (RuntimeException e) {
            LOG.error("reading repo {}: {}", repo, e.getMessage());
            return null;
        }
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
        LOG.info("plumbline is stopping: interrupting {} running run(s)", active.size());
        if (server != null) {
            server.close();
        }
        deliveries.shutdownNow();
        if (schedules != null) {
            schedules.shutdown();
        }
        retries.shutdownNow();
        pollers.values().forEach(ExecutorService::shutdownNow);
        active.forEach(c -> c.shutdown("the daemon is stopping"));
        List<QueuedRun> notStarted = queue.shutdown(STOP_GRACE);
        if (!notStarted.isEmpty()) {
            LOG.info("{} queued run(s) did not start; their schedules fire again after the restart", notStarted.size());
        }
        app.close();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, "plumbline-" + name);
        t.setDaemon(true);
        return t;
    }
}

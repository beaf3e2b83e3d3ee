package dev.plumbline.schedule;

import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.store.Work;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poll of a repo: fetch, queue plans of the workspaces the new commits change, bring the schedules in line with the
 * settings in force, then look at the repo's pull requests. Each repo is polled on a thread of its own, so a repo
 * whose fetch or settings are slow never holds up the others.
 */
public final class RepoPolls {
    private static final Logger LOG = LoggerFactory.getLogger(RepoPolls.class);

    private final Reconciler reconciler;
    private final TriggeredRuns runs;
    private final Timetable timetable;
    private final Supplier<Schedules> schedules;
    private final Consumer<String> pullRequests;
    private final Map<String, ExecutorService> pollers = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * {@code schedules} gives the running scheduler (null before it starts); {@code pullRequests} polls a repo's
     * open pull requests (a no-op for repos without a code host).
     */
    public RepoPolls(Reconciler reconciler, TriggeredRuns runs, Timetable timetable, Supplier<Schedules> schedules,
            Consumer<String> pullRequests) {
        this.reconciler = reconciler;
        this.runs = runs;
        this.timetable = timetable;
        this.schedules = schedules;
        this.pullRequests = pullRequests;
    }

    public void poll(String repo) {
        if (stopping) {
            return;
        }
        pollerOf(repo).execute(() -> {
            try {
                // the new head is recorded together with the plans it causes, or neither is
                List<WorkspaceId> changed = reconciler.changedWorkspaces(repo, (tx, affected) -> affected.forEach(
                        ws -> tx.queuedWork().enqueue(Work.plan(ws, Trigger.PUSH))));
                if (!changed.isEmpty()) {
                    runs.queued();
                }
                Schedules s = schedules.get();
                if (s != null) {
                    s.sync(timetable.specs());
                }
            } catch (RuntimeException e) {
                LOG.error("polling repo {}: {}", repo, e.getMessage());
            }
            try {
                pullRequests.accept(repo);
            } catch (RuntimeException e) {
                LOG.error("polling the pull requests of repo {}: {}", repo, e.getMessage());
            }
        });
    }

    private ExecutorService pollerOf(String repo) {
        return pollers.computeIfAbsent(repo, r -> Executors.newSingleThreadExecutor(t -> {
            Thread thread = new Thread(t, "plumbline-poller-" + r);
            thread.setDaemon(true);
            return thread;
        }));
    }

    public void stop() {
        stopping = true;
        pollers.values().forEach(ExecutorService::shutdownNow);
    }
}

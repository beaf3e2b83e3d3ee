package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every run waits its turn. A workspace runs one run at a time, because tofu holds its state lock for the
 * whole run and a second run would fail on it; a busy workspace's runs wait instead. At most
 * {@code maxConcurrentRuns} run at once. Among the runs whose workspace is free, the most urgent {@link Priority}
 * starts first, then the oldest.
 *
 * <p>A drift check submitted while the same workspace already has one waiting joins that one: checks scheduled
 * while the daemon was slow would otherwise pile up and repeat the same plan.
 *
 * <p>The handle {@link #submit} returns completes when the run ends, exceptionally when its work threw. Cancelling
 * a handle withdraws a run that has not started; a running one is stopped through its own cancellation.
 */
public final class RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    private final int maxConcurrentRuns;
    private final ExecutorService workers;
    /** Guards everything below. */
    private final Object lock = new Object();
    /** Sorted by priority, then by submission. */
    private final List<Waiting> waiting = new ArrayList<>();
    /** Keyed by the busy workspace, in the order the runs started. */
    private final Map<WorkspaceId, Running> running = new LinkedHashMap<>();
    private boolean closed;

    public RunQueue(int maxConcurrentRuns) {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("creating the run queue: max_concurrent_runs must be at least 1, was "
                    + maxConcurrentRuns);
        }
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.workers = Executors.newFixedThreadPool(maxConcurrentRuns, runThreads());
    }

    /**
     * Queues a run, or returns the handle of the waiting drift check it duplicates.
     *
     * @throws IllegalStateException once {@link #shutdown} has begun
     */
    public CompletableFuture<Void> submit(QueuedRun run) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("queuing " + run + ": the run queue is shutting down");
            }
            if (run.priority() == Priority.DRIFT_CHECK) {
                for (Waiting w : waiting) {
                    if (w.run.priority() == Priority.DRIFT_CHECK && w.run.workspace().equals(run.workspace())
                            && !w.handle.isDone()) {
                        LOG.debug("{} joins the drift check already waiting for {}", run, run.workspace());
                        return w.handle;
                    }
                }
            }
            Waiting entry = new Waiting(run, Instant.now(), new CompletableFuture<>());
            waiting.add(insertionPoint(run.priority()), entry);
            startWhatCan();
            return entry.handle;
        }
    }

    /** After the last waiting run of the same or a more urgent priority: first come, first served within one. */
    private int insertionPoint(Priority priority) {
        int at = waiting.size();
        while (at > 0 && waiting.get(at - 1).run.priority().compareTo(priority) > 0) {
            at--;
        }
        return at;
    }

    /** Starts waiting runs in order while there is room, skipping those whose workspace is busy. */
    private void startWhatCan() {
        if (closed) {
            return;
        }
        Iterator<Waiting> it = waiting.iterator();
        while (running.size() < maxConcurrentRuns && it.hasNext()) {
            Waiting w = it.next();
            if (w.handle.isDone()) {
                it.remove(); // withdrawn by whoever submitted it
            } else if (!running.containsKey(w.run.workspace())) {
                it.remove();
                running.put(w.run.workspace(), new Running(w.run, Instant.now()));
                workers.execute(() -> execute(w));
            }
        }
    }

    private void execute(Waiting w) {
        Throwable failure = null;
        try {
            w.run.work().run();
        } catch (Throwable e) { // a run's failure is its own: the worker and the workspace carry on
            failure = e;
            LOG.error("running {}: {}", w.run, e.toString(), e);
        }
        synchronized (lock) {
            running.remove(w.run.workspace());
            startWhatCan();
        }
        if (failure == null) {
            w.handle.complete(null);
        } else {
            w.handle.completeExceptionally(failure);
        }
    }

    /**
     * Stops taking runs, cancels the handles of those that have not started and waits up to {@code grace} for the
     * running ones. Returns the runs that never started, so the caller can record them; stopping a run that
     * outlives the grace period is up to the caller's own cancellation.
     */
    public List<QueuedRun> shutdown(Duration grace) {
        List<Waiting> dropped = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return List.of();
            }
            closed = true;
            waiting.stream().filter(w -> !w.handle.isDone()).forEach(dropped::add);
            waiting.clear();
        }
        // Never shutdownNow(): interrupting a thread in the middle of a store write makes H2 close the database.
        workers.shutdown();
        dropped.forEach(w -> w.handle.cancel(false));
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("shutting down the run queue: still running after {}: {}", grace, snapshot().running().stream()
                        .map(e -> e.workspace() + " (" + e.description() + ")")
                        .toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dropped.stream().map(Waiting::run).toList();
    }

    public QueueSnapshot snapshot() {
        synchronized (lock) {
            List<QueueSnapshot.Entry> busy = running.values().stream()
                    .map(r -> entry(r.run, r.startedAt))
                    .toList();
            List<QueueSnapshot.Entry> queued = waiting.stream()
                    .filter(w -> !w.handle.isDone())
                    .map(w -> entry(w.run, w.submittedAt))
                    .toList();
            return new QueueSnapshot(busy, queued);
        }
    }

    private static QueueSnapshot.Entry entry(QueuedRun run, Instant since) {
        return new QueueSnapshot.Entry(run.workspace(), run.priority(), run.description(), since);
    }

    /**
     * Not daemon threads: an apply in progress keeps the process alive until it ends or is cancelled, rather than
     * being cut off with the state lock held.
     */
    private static ThreadFactory runThreads() {
        AtomicInteger count = new AtomicInteger();
        return work -> new Thread(work, "plumbline-run-" + count.incrementAndGet());
    }

    private record Waiting(QueuedRun run, Instant submittedAt, CompletableFuture<Void> handle) {
    }

    private record Running(QueuedRun run, Instant startedAt) {
    }
}

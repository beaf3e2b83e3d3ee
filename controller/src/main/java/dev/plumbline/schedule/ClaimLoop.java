package dev.plumbline.schedule;

import dev.plumbline.domain.PlumblineException;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's share of the queue: it claims work for its owner id, never more than {@code maxConcurrentRuns} at
 * once, looking at the queue every {@link #LOOK_EVERY} and at once when work was queued here or a run ended, and
 * runs each claimed piece on a worker thread through the {@link WorkDispatch}. The store decides which work and
 * keeps a workspace to one run across all daemons; here only this daemon's cap is kept.
 *
 * <p>Stopping interrupts the running tools (SIGINT, so state locks are released), waits for them, and hands their
 * work back to the queue: work cut off by a stop runs again after the restart (an apply as a fresh review, see
 * {@link dev.plumbline.store.Work#afterLoss}). Work still queued stays queued.
 */
public final class ClaimLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);
    /** How often work queued by other daemons, or come due, is looked for. */
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private final Database db;
    private final Runner dispatch;
    private final TriggeredRuns runs;
    private final String owner;
    private final int maxConcurrentRuns;
    private final WorkSignal signal;
    private final ExecutorService workers;
    private final Map<Long, Cancellation> active = new ConcurrentHashMap<>();
    private final Thread claimer;
    private volatile boolean stopping;

    /** What runs a claimed piece of work: the daemon's {@link WorkDispatch}, or a test's stand-in. */
    @FunctionalInterface
    interface Runner {
        WorkDispatch.Ran run(Work work, Cancellation cancel);
    }

    /** {@code owner} names this daemon in the queue's claims: host, pid and start time. */
    public ClaimLoop(Database db, WorkDispatch dispatch, TriggeredRuns runs, String owner, int maxConcurrentRuns,
            WorkSignal signal) {
        this(db, dispatch::run, runs, owner, maxConcurrentRuns, signal);
    }

    ClaimLoop(Database db, Runner dispatch, TriggeredRuns runs, String owner, int maxConcurrentRuns,
              WorkSignal signal) {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("creating the claim loop: max_concurrent_runs must be at least 1, was "
                    + maxConcurrentRuns);
        }
        this.db = db;
        this.dispatch = dispatch;
        this.runs = runs;
        this.owner = owner;
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.signal = signal;
        this.workers = Executors.newFixedThreadPool(maxConcurrentRuns, runThreads());
        this.claimer = new Thread(this::loop, "plumbline-claims");
        claimer.setDaemon(true);
    }

    public String owner() {
        return owner;
    }

    public void start() {
        claimer.start();
    }

    /** How many claimed pieces of work run now. */
    public int running() {
        return active.size();
    }

    private void loop() {
        while (!stopping) {
            try {
                claimWhatFits();
                signal.await(LOOK_EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (PlumblineException e) {
                // a store that is down or a lost race on a lock: the queue is still there at the next look
                LOG.warn("claiming queued work for {}: {}", owner, e.getMessage());
                pause();
            }
        }
    }

    private void claimWhatFits() {
        int free = maxConcurrentRuns - active.size();
        if (free <= 0) {
            return;
        }
        List<WorkItem> claimed = db.queuedWork().claim(owner, free, Instant.now());
        for (WorkItem item : claimed) {
            if (stopping) {
                return; // left claimed: stop() hands it back
            }
            Cancellation cancel = new Cancellation();
            active.put(item.id(), cancel);
            try {
                workers.execute(() -> runClaimed(item, cancel));
            } catch (RejectedExecutionException e) {
                active.remove(item.id()); // stopping: left claimed, and handed back
            }
        }
    }

    private void runClaimed(WorkItem item, Cancellation cancel) {
        if (stopping) {
            // stop() may already have interrupted the runs it saw; this one started just after.
            cancel.shutdown("the daemon is stopping");
        }
        WorkDispatch.Ran ran = null;
        RuntimeException failure = null;
        try {
            ran = dispatch.run(item.work(), cancel);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            if (cancel.isShutdown()) {
                return; // cut off by the stop: left claimed, and handed back to the queue by stop()
            }
            if (failure == null) {
                runs.finished(item, owner, ran);
            } else {
                runs.failedToStart(item, owner, failure);
            }
        } catch (RuntimeException e) {
            // left claimed; the next start (or another daemon, once this one is found lost) hands it back
            LOG.error("recording the end of {}: {}", item, e.getMessage());
        } finally {
            active.remove(item.id());
            signal.ring();
        }
    }

    private void pause() {
        try {
            Thread.sleep(LOOK_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Claims nothing more, interrupts the running work and waits up to {@code grace} for it; then hands what this
     * daemon held back to the queue. Returns how many pieces of work wait in the queue for the next start.
     */
    public int stop(Duration grace) {
        stopping = true;
        signal.ring();
        try {
            claimer.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        active.values().forEach(c -> c.shutdown("the daemon is stopping"));
        // Never shutdownNow(): interrupting a thread in the middle of a store write makes H2 close the database.
        workers.shutdown();
        boolean ended = false;
        try {
            ended = workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ended) {
            // their work stays claimed, so no one else starts the workspace while a tool may still hold it
            LOG.warn("stopping: {} run(s) still going after {}; their work stays claimed by {}", active.size(),
                    grace, owner);
            return db.queuedWork().snapshot().waiting().size();
        }
        int handedBack = db.queuedWork().releaseOwner(owner);
        if (handedBack > 0) {
            LOG.info("{} piece(s) of work cut off by the stop go back to the queue", handedBack);
        }
        return db.queuedWork().snapshot().waiting().size();
    }

    /**
     * Not daemon threads: an apply in progress keeps the process alive until it ends or is cancelled, rather than
     * being cut off with the state lock held.
     */
    private static ThreadFactory runThreads() {
        AtomicInteger count = new AtomicInteger();
        return work -> new Thread(work, "plumbline-run-" + count.incrementAndGet());
    }
}

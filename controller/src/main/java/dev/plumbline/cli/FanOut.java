package dev.plumbline.cli;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.runner.Cancellation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * One action per workspace, up to {@code parallel} at once (each workspace once, so they never share state), with
 * {@code [i/n]} progress on stderr. SIGTERM or Ctrl-C interrupts the running tools (SIGINT, so locks are released)
 * and stops the rest; a workspace that fails unexpectedly cancels the others and is reported as itself.
 */
final class FanOut {
    private final PrintWriter err;
    private final int parallel;

    FanOut(PrintWriter err, int parallel) {
        this.err = err;
        this.parallel = parallel;
    }

    /** The outcomes in input order; a workspace skipped or cut off by a stop has none. */
    List<Outcome> run(List<WorkspaceId> targets, BiFunction<WorkspaceId, Cancellation, Outcome> action) {
        Cancellation stop = new Cancellation();
        Thread hook = new Thread(() -> stop.shutdown("plumbline was asked to stop"));
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, targets.size())));
        AtomicInteger done = new AtomicInteger();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (WorkspaceId ws : targets) {
                futures.add(pool.submit(() -> stop.isCancelled() ? null
                        : progress(action.apply(ws, stop), done.incrementAndGet(), targets.size())));
            }
            collect(futures, outcomes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.shutdown("interrupted");
        } catch (ExecutionException e) {
            stop.cancel("a workspace failed: " + e.getCause().getMessage());
            if (e.getCause() instanceof Error error) {
                throw error; // out of memory in a worker is reported as such, not as a message naming its class
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping; the hook has run
            }
        }
        return outcomes;
    }

    private Outcome progress(Outcome o, int finished, int total) {
        if (total > 1) {
            synchronized (err) {
                err.printf("[%d/%d] %s%n", finished, total, OutcomeView.of(o).line());
                err.flush();
            }
        }
        return o;
    }

    private static void collect(List<Future<Outcome>> futures, List<Outcome> outcomes) throws InterruptedException,
            ExecutionException {
        for (Future<Outcome> f : futures) {
            Outcome o = f.get();
            if (o != null) {
                outcomes.add(o);
            }
        }
    }
}

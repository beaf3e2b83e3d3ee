package dev.plumbline.reconcile;

import dev.plumbline.runner.OutputLine;
import dev.plumbline.runner.OutputSink;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.store.LogStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a run's (already redacted) output into the store as it is printed, in small batches so a long plan
 * does not cost one transaction per line, yet a crash loses at most the last second of output.
 */
final class StoredLog implements OutputSink, AutoCloseable {
    private static final int BATCH = 64;
    private static final long MAX_DELAY_NANOS = 1_000_000_000L;

    /** One thread for all runs: output of a tool that goes quiet reaches the store within a second anyway. */
    private static final java.util.concurrent.ScheduledExecutorService FLUSHER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "plumbline-log-flush");
                t.setDaemon(true);
                return t;
            });

    private final java.util.concurrent.ScheduledFuture<?> ticker;
    private final Database db;
    private final long runId;
    private final List<LogLine> pending = new ArrayList<>();
    private long oldestNanos;

    StoredLog(Database db, long runId) {
        this.db = db;
        this.runId = runId;
        this.ticker = FLUSHER.scheduleWithFixedDelay(this::flushQuietly, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the next flush, or the final one when the run ends, tries again
        }
    }

    @Override
    public synchronized void accept(OutputLine line) {
        add(line.stream() == OutputLine.Stream.STDOUT ? LogStream.STDOUT : LogStream.STDERR, line.text());
    }

    /** A line written by Plumbline itself (what it is about to do, why a run failed). */
    synchronized void note(String text) {
        add(LogStream.PLUMBLINE, text);
        flush();
    }

    private void add(LogStream stream, String text) {
        if (pending.isEmpty()) {
            oldestNanos = System.nanoTime();
        }
        pending.add(LogLine.now(stream, text));
        if (pending.size() >= BATCH || System.nanoTime() - oldestNanos > MAX_DELAY_NANOS) {
            flush();
        }
    }

    synchronized void flush() {
        if (!pending.isEmpty()) {
            db.logs().append(runId, List.copyOf(pending));
            pending.clear();
        }
    }

    @Override
    public void close() {
        ticker.cancel(false);
        flush();
    }
}

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

    private final Database db;
    private final long runId;
    private final List<LogLine> pending = new ArrayList<>();
    private long oldestNanos;

    StoredLog(Database db, long runId) {
        this.db = db;
        this.runId = runId;
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
        flush();
    }
}

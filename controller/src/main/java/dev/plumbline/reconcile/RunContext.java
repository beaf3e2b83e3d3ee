package dev.plumbline.reconcile;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.Tofu;
import dev.plumbline.store.Database;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the steps of one started run share: its id, source, tool version and cancellation, and the places it works
 * in, opened in order (stored log, init cache, run directory, tool) and closed in reverse. It also adds up the time
 * spent in tool processes, so the controller's own share of a run can be measured.
 */
final class RunContext implements AutoCloseable {
    /** A run whose row is written: what it runs, with which tool version, and how it is stopped. */
    record Start(long runId, WorkspaceSource source, String version, Cancellation cancel) { }

    private final Start start;
    private final StoredLog log;
    private final InitCache cache;
    private final RunDirectory dir;
    private final Tofu tofu;
    private final long startedNanos = System.nanoTime();
    private Duration toolTime = Duration.ZERO;

    RunContext(Start start, Database db, Path dataDir, RunTools tools) {
        this.start = start;
        StoredLog openedLog = new StoredLog(db, start.runId());
        InitCache openedCache = null;
        RunDirectory openedDir = null;
        try {
            openedCache = InitCache.open(dataDir, start.source().id());
            openedDir = RunDirectory.prepare(dataDir, start.runId(), start.source());
            this.tofu = tools.tofu(start.source(), openedDir, openedCache, openedLog);
            RunTools.requireVersion(start.version(), tofu);
        } catch (RuntimeException | Error e) {
            closeAll(openedLog, openedCache, openedDir, e);
            throw e;
        }
        this.log = openedLog;
        this.cache = openedCache;
        this.dir = openedDir;
    }

    long runId() {
        return start.runId();
    }

    WorkspaceSource source() {
        return start.source();
    }

    String version() {
        return start.version();
    }

    Cancellation cancel() {
        return start.cancel();
    }

    StoredLog log() {
        return log;
    }

    InitCache cache() {
        return cache;
    }

    RunDirectory dir() {
        return dir;
    }

    Tofu tofu() {
        return tofu;
    }

    /** Counts a finished tool command's time towards the run's tool time, and hands it back. */
    CommandResult timed(CommandResult r) {
        toolTime = toolTime.plus(r.elapsed());
        return r;
    }

    Duration toolTime() {
        return toolTime;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        closeAll(log, cache, dir, null);
    }

    /** Closes in reverse order of opening; each close runs even when a later one failed. */
    private static void closeAll(StoredLog log, InitCache cache, RunDirectory dir, Throwable primary) {
        Throwable failure = primary;
        for (AutoCloseable c : new AutoCloseable[] {dir, cache, log}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (primary == null && failure != null) {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("closing run: " + failure.getMessage(), failure);
        }
    }
}

package dev.plumbline.store;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of the queue per run, for {@code bench/queue.py}; not a test. On one store (H2 file or a database of the
 * test PostgreSQL), {@code N} runs of {@code N} workspaces go through the queue as a daemon takes them: enqueued
 * (one transaction each), claimed one at a time from a queue {@code N} deep, and finished with the transaction that
 * would queue a retry. A no-op run's own store writes (the run row written first, one log line, the finished row)
 * are timed beside them, for scale. Prints one line per figure: {@code <store> <step> <p50 ms> <p99 ms>}.
 *
 * <p>Arguments: {@code h2|postgresql N DIR}.
 */
public final class QueueBench {
    private static final String OWNER = "bench:1:1";

    private QueueBench() {
    }

    public static void main(String[] args) throws Exception {
        StoreKind kind = StoreKind.valueOf(args[0].toUpperCase(Locale.ROOT));
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]).resolve(kind.name().toLowerCase(Locale.ROOT)));
        try (Database db = new StoreFixture(kind, dir, "queuebench").open()) {
            List<WorkspaceId> workspaces = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                WorkspaceId ws = new WorkspaceId("bench", "ws" + i);
                db.workspaces().ensure(ws, "workspaces/ws" + i, Tool.TOFU);
                workspaces.add(ws);
            }
            warmUp(db);
            long[] enqueue = new long[n];
            long[] claim = new long[n];
            long[] finish = new long[n];
            long[] noOpRun = new long[n];
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                WorkspaceId ws = workspaces.get(i);
                long t = System.nanoTime();
                ids[i] = db.inTransaction(tx -> tx.queuedWork().enqueue(Work.plan(ws, Trigger.PUSH)).workId());
                enqueue[i] = System.nanoTime() - t;
            }
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                List<WorkItem> claimed = db.queuedWork().claim(OWNER, 1, Instant.now());
                claim[i] = System.nanoTime() - t;
                if (claimed.size() != 1) {
                    throw new IllegalStateException("claim " + i + " took " + claimed.size() + " items");
                }
                WorkspaceId ws = claimed.get(0).work().workspace();
                t = System.nanoTime();
                long runId = noOpRun(db, ws);
                noOpRun[i] = System.nanoTime() - t;
                long workId = claimed.get(0).id();
                t = System.nanoTime();
                db.inTransaction(tx -> tx.queuedWork().finish(workId, OWNER, runId, WorkState.DONE));
                finish[i] = System.nanoTime() - t;
            }
            long[] total = new long[n];
            for (int i = 0; i < n; i++) {
                total[i] = enqueue[i] + claim[i] + finish[i];
            }
            String store = kind.name().toLowerCase(Locale.ROOT);
            print(store, "enqueue", enqueue);
            print(store, "claim", claim);
            print(store, "finish", finish);
            print(store, "coordination", total);
            print(store, "no-op-run-store-writes", noOpRun);
        }
    }

    /** What the store does for a run that plans nothing: the RUNNING row first, a log line, the finished row. */
    private static long noOpRun(Database db, WorkspaceId ws) {
        long runId = db.runs().start(NewRun.first(ws, RunKind.PLAN, Trigger.PUSH, "0a1b2c3d", Tool.TOFU, "1.10.2"));
        db.logs().append(runId, List.of(LogLine.now(LogStream.STDOUT, "No changes.")));
        db.inTransaction(tx -> {
            tx.runs().finish(runId, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
            return null;
        });
        return runId;
    }

    /** The JIT and the pool warmed on a workspace of its own, outside the figures. */
    private static void warmUp(Database db) {
        WorkspaceId ws = new WorkspaceId("bench", "warm-up");
        db.workspaces().ensure(ws, "workspaces/warm-up", Tool.TOFU);
        for (int i = 0; i < 200; i++) {
            long id = db.queuedWork().enqueue(Work.plan(ws, Trigger.PUSH)).workId();
            db.queuedWork().claim(OWNER, 1, Instant.now());
            db.queuedWork().finish(id, OWNER, noOpRun(db, ws), WorkState.DONE);
        }
    }

    private static void print(String store, String step, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s %s %.3f %.3f%n", store, step, percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6);
    }

    private static long percentile(long[] sorted, int p) {
        int at = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }
}

package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunLogsTest extends OnEachStore {
    @Test
    void lines_are_read_back_in_the_order_they_were_appended() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
            db.logs().append(runId, List.of(new LogLine(LogStream.PLUMBLINE, "running tofu init", at),
                    new LogLine(LogStream.STDOUT, "Initializing the backend...", at)));
            db.logs().append(runId, List.of(new LogLine(LogStream.STDERR, "Warning: deprecated", at)));
            db.logs().append(runId, List.of());

            assertThat(db.logs().read(runId)).containsExactly(
                    new LogLine(LogStream.PLUMBLINE, "running tofu init", at),
                    new LogLine(LogStream.STDOUT, "Initializing the backend...", at),
                    new LogLine(LogStream.STDERR, "Warning: deprecated", at));
            assertThat(db.logs().read(runId, 2)).extracting(LogLine::text).containsExactly("Warning: deprecated");
        }
    }

    @Test
    void a_nul_character_is_stored_as_a_replacement_character() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.logs().append(runId, List.of(LogLine.now(LogStream.STDOUT, "a\0b")));

            assertThat(db.logs().read(runId)).extracting(LogLine::text).containsExactly("a\uFFFDb");
        }
    }

    @Test
    void appending_to_an_unknown_run_names_it() {
        try (Database db = store().open()) {
            assertThatThrownBy(() -> db.logs().append(404, List.of(LogLine.now(LogStream.STDOUT, "x"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no run 404");
        }
    }

    @Test
    void concurrent_appends_to_different_runs_keep_each_runs_order() throws Exception {
        int runs = 6;
        int batches = 40;
        int linesPerBatch = 25;
        try (Database db = store().open()) {
            List<Long> runIds = IntStream.range(0, runs).mapToObj(i -> StoreFixture.running(db, PROD)).toList();

            inParallel(runs, writer -> {
                long runId = runIds.get(writer);
                for (int b = 0; b < batches; b++) {
                    List<LogLine> batch = new ArrayList<>();
                    for (int l = 0; l < linesPerBatch; l++) {
                        batch.add(LogLine.now(LogStream.STDOUT, "line " + (b * linesPerBatch + l)));
                    }
                    db.logs().append(runId, batch);
                }
            });

            for (long runId : runIds) {
                assertThat(db.logs().read(runId)).extracting(LogLine::text).containsExactlyElementsOf(
                        IntStream.range(0, batches * linesPerBatch).mapToObj(i -> "line " + i).toList());
            }
        }
    }

    @Test
    void concurrent_appends_to_the_same_run_lose_nothing_and_keep_batches_whole() throws Exception {
        int writers = 4;
        int batches = 25;
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);

            inParallel(writers, writer -> {
                for (int b = 0; b < batches; b++) {
                    db.logs().append(runId, List.of(LogLine.now(LogStream.STDOUT, writer + ":" + b + ":first"),
                            LogLine.now(LogStream.STDOUT, writer + ":" + b + ":second")));
                }
            });

            List<String> texts = db.logs().read(runId).stream().map(LogLine::text).toList();
            assertThat(texts).hasSize(writers * batches * 2);
            for (int i = 0; i < texts.size(); i += 2) {
                assertThat(texts.get(i + 1)).isEqualTo(texts.get(i).replace(":first", ":second"));
            }
            for (int w = 0; w < writers; w++) {
                String prefix = w + ":";
                assertThat(texts.stream().filter(t -> t.startsWith(prefix) && t.endsWith(":first")).toList())
                        .containsExactlyElementsOf(IntStream.range(0, batches).mapToObj(b -> prefix + b + ":first")
                                .toList());
            }
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(int writer) throws Exception;
    }

    /** Releases all writers at once, so their appends really overlap, and rethrows the first failure. */
    private static void inParallel(int count, Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Void> task = () -> {
                    start.await();
                    writer.write(index);
                    return null;
                };
                done.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

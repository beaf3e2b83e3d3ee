package dev.plumbline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's runs counted once each, whatever order they end in, and the scrape naming them. */
class MetricsTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");

    @TempDir
    Path dir;

    @Test
    void runs_that_end_after_a_later_one_are_counted_once_when_they_end() throws Exception {
        try (Database db = Database.open(dir.resolve("db"), dir.resolve("plan.key"))) {
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            long slow = start(db, RunKind.APPLY);
            long check = start(db, RunKind.DRIFT_CHECK);
            db.runs().finish(check, RunOutcome.succeeded(2, Classification.DRIFTED, new ResourceCounts(0, 1, 0, 0)));
            RunTally tally = new RunTally();

            RunTally.Counts first = read(db, tally);
            assertThat(first.runs).containsEntry(List.of("apply", "running"), 1L)
                    .containsEntry(List.of("drift_check", "succeeded"), 1L);
            assertThat(first.drifted).isEqualTo(1);

            db.runs().finish(slow, RunOutcome.failed(1, "the apply failed"));
            RunTally.Counts second = read(db, tally);
            assertThat(second.runs).doesNotContainKey(List.of("apply", "running"))
                    .containsEntry(List.of("apply", "failed"), 1L)
                    .containsEntry(List.of("drift_check", "succeeded"), 1L);
            assertThat(second.finished).containsEntry("apply", 1L).containsEntry("drift_check", 1L);
            assertThat(read(db, tally).runs).isEqualTo(second.runs);

            String scraped = new Metrics(db, Clock.systemUTC()).scrape();
            assertThat(scraped).contains("plumbline_runs{kind=\"apply\",status=\"failed\"} 1.0")
                    .contains("plumbline_drift_detected_total 1.0")
                    .contains("plumbline_workspaces{condition=\"drifted\"} 1.0")
                    .contains("plumbline_workspaces{condition=\"unchecked\"} 0.0");
        }
    }

    private static long start(Database db, RunKind kind) {
        return db.runs().start(NewRun.first(PROD, kind, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
    }

    private static RunTally.Counts read(Database db, RunTally tally) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return tally.read(c);
        }
    }
}

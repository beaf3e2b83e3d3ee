package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dataDir;

    @Test
    void migrations_create_every_table_in_a_fresh_file() throws Exception {
        StoreFixture.open(dataDir).close();

        assertThat(StoreFixture.dbFile(dataDir).resolveSibling("plumbline.mv.db")).isRegularFile();
        assertThat(tables()).contains("workspaces", "runs", "plans", "run_logs", "drift_findings", "approvals",
                "audit_events");
    }

    @Test
    void reopening_applies_no_migration_twice() throws Exception {
        StoreFixture.open(dataDir).close();
        StoreFixture.open(dataDir).close();

        try (Connection c = StoreFixture.rawConnection(dataDir); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).isTrue();
                applied.add(rs.getString("version"));
            }
            // Each migration once, in order: 1..N with N the number of migrations shipped.
            List<String> expected = new ArrayList<>();
            for (int v = 1; v <= applied.size(); v++) {
                expected.add(Integer.toString(v));
            }
            assertThat(applied).hasSizeGreaterThanOrEqualTo(9).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void a_new_database_folder_is_private_to_its_owner() throws Exception {
        StoreFixture.open(dataDir).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("data"))))
                .isEqualTo("rwx------");
    }

    @Test
    void history_survives_closing_and_reopening() {
        long runId;
        try (Database db = StoreFixture.open(dataDir)) {
            runId = StoreFixture.running(db, PROD);
            db.logs().append(runId, List.of(LogLine.now(LogStream.STDOUT, "Plan: 1 to add")));
            db.plans().save(runId, new byte[] {1, 2, 3}, "{}", "+ aws_s3_bucket.logs");
            db.runs().finish(runId, RunOutcome.succeeded(2, Classification.CHANGES_PENDING,
                    new ResourceCounts(1, 0, 0, 0)));
            db.approvals().approve(runId, Plans.sha256(new byte[] {1, 2, 3}), "alice", null);
            db.audit().record("alice", "approve", Optional.of(PROD), Optional.of(runId), null);
        }

        try (Database db = StoreFixture.open(dataDir)) {
            assertThat(db.workspaces().find(PROD)).isPresent();
            assertThat(db.runs().find(runId)).hasValueSatisfying(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(run.classification()).isEqualTo(Classification.CHANGES_PENDING);
                assertThat(run.counts().add()).isEqualTo(1);
                assertThat(run.times().duration()).isPresent();
            });
            assertThat(db.logs().read(runId)).extracting(LogLine::text).containsExactly("Plan: 1 to add");
            assertThat(db.plans().find(runId))
                    .hasValueSatisfying(p -> assertThat(p.planfile()).containsExactly(1, 2, 3));
            assertThat(db.approvals().find(runId))
                    .hasValueSatisfying(a -> assertThat(a.approvedBy()).isEqualTo("alice"));
            assertThat(db.audit().recent(10)).singleElement().satisfies(e -> assertThat(e.runId()).isEqualTo(runId));
        }
    }

    private List<String> tables() throws SQLException {
        try (Connection c = StoreFixture.rawConnection(dataDir); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = 'public'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}

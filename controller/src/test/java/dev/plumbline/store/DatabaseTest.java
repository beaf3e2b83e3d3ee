package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunStatus;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseTest extends OnEachStore {
    @Test
    void migrations_create_every_table_in_a_fresh_file() throws Exception {
        store().open().close();

        if (kind == StoreKind.H2) {
            assertThat(store().dbFile().resolveSibling("plumbline.mv.db")).isRegularFile();
        }
        assertThat(tables()).contains("workspaces", "runs", "plans", "run_logs", "drift_findings", "approvals",
                "audit_events");
    }

    @Test
    void reopening_applies_no_migration_twice() throws Exception {
        store().open().close();
        store().open().close();

        try (Connection c = store().rawConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).isTrue();
                applied.add(rs.getString("version"));
            }
            // Each migration once, in order of its version (numbers given out to parallel work may leave gaps).
            List<Integer> versions = applied.stream().map(Integer::valueOf).toList();
            assertThat(versions).hasSizeGreaterThanOrEqualTo(9).startsWith(1).doesNotHaveDuplicates().isSorted();
        }
    }

    /**
     * Flyway refuses to open a database whose applied migrations have changed since: these are the checksums the
     * databases of earlier releases recorded, the same on H2 and PostgreSQL (V2 is Java, without a checksum). A
     * migration that must change is a new migration.
     */
    @Test
    void migrations_keep_the_checksums_existing_databases_recorded() throws Exception {
        store().open().close();

        Map<String, Integer> recorded = new LinkedHashMap<>();
        try (Connection c = store().rawConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                recorded.put(rs.getString("version"), (Integer) rs.getObject("checksum"));
            }
        }
        Map<String, Integer> released = new LinkedHashMap<>();
        released.put("1", -1847923525);
        released.put("2", null);
        released.put("3", 502018241);
        released.put("4", -1178472461);
        released.put("5", -369839064);
        released.put("6", -1741157961);
        released.put("7", 1318322798);
        released.put("8", -687082824);
        released.put("9", -502945447);
        assertThat(recorded).containsAllEntriesOf(released);
    }

    @Test
    void a_new_database_folder_is_private_to_its_owner() throws Exception {
        assumeTrue(kind == StoreKind.H2, "only the H2 file has a folder of its own");
        store().open().close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("data"))))
                .isEqualTo("rwx------");
    }

    @Test
    void history_survives_closing_and_reopening() {
        long runId;
        try (Database db = store().open()) {
            runId = StoreFixture.running(db, PROD);
            db.logs().append(runId, List.of(LogLine.now(LogStream.STDOUT, "Plan: 1 to add")));
            db.plans().save(runId, new byte[] {1, 2, 3}, "{}", "+ aws_s3_bucket.logs");
            db.runs().finish(runId, RunOutcome.succeeded(2, Classification.CHANGES_PENDING,
                    new ResourceCounts(1, 0, 0, 0)));
            db.approvals().approve(runId, Plans.sha256(new byte[] {1, 2, 3}), "alice", null);
            db.audit().record("alice", "approve", Optional.of(PROD), Optional.of(runId), null);
        }

        try (Database db = store().open()) {
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
        try (Connection c = store().rawConnection(); Statement s = c.createStatement();
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

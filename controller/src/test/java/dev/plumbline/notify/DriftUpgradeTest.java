package dev.plumbline.notify;

import static dev.plumbline.notify.NotifyFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftNotifications.Notified;
import dev.plumbline.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before drift actions became codes (schema version 9: the words a plan prints stored as the
 * action, and hashed into the fingerprint of the drift last notified) is upgraded without a spurious notification.
 */
class DriftUpgradeTest {
    @TempDir
    Path dir;

    /** The settings the store opens its file with, so the file written here is the one it upgrades. */
    private String url() {
        return "jdbc:h2:" + dir.resolve("plumbline").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    private Connection atVersion9() throws SQLException {
        Flyway.configure().dataSource(url(), "sa", "").locations("classpath:db/migration").target("9").load()
                .migrate();
        return DriverManager.getConnection(url(), "sa", "");
    }

    @Test
    void drift_notified_before_the_upgrade_is_still_the_same_drift_after_it() throws Exception {
        long run;
        try (Connection c = atVersion9()) {
            long workspace = workspace(c);
            run = driftCheck(c, workspace);
            finding(c, run, workspace, "aws_s3_bucket.logs", "has changed", "tags.owner");
            finding(c, run, workspace, "aws_iam_role.ci", "has been deleted", "");
            notified(c, workspace, run, true, oldFingerprint("aws_s3_bucket.logs", "has changed", "tags.owner",
                    "aws_iam_role.ci", "has been deleted", ""));
        }

        try (Database db = NotifyFixture.open(dir)) {
            List<DriftFinding> findings = db.drift().forRun(run);
            assertThat(findings).extracting(DriftFinding::address, DriftFinding::action, DriftFinding::attributePath)
                    .containsExactly(tuple("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner"),
                            tuple("aws_iam_role.ci", DriftAction.DELETE, ""));
            assertThat(storedActions()).containsExactly("update", "delete");
            assertThat(db.driftNotifications().find(PROD)).hasValueSatisfying(n -> {
                assertThat(n.runId()).isEqualTo(run);
                assertThat(n.drifted()).isTrue();
                assertThat(n.fingerprint())
                        .isEqualTo(new DriftObservation(run, Classification.DRIFTED, findings).fingerprint());
            });

            long next = NotifyFixture.run(db, PROD);
            Transition t = new DriftState(db).decide(PROD, new DriftObservation(next, Classification.DRIFTED,
                    List.of(new DriftFinding("aws_iam_role.ci", DriftAction.DELETE, "", "{}", null),
                            new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "1", "2"))));
            assertThat(t).isEqualTo(Transition.NONE);
            assertThat(db.driftNotifications().find(PROD)).map(Notified::runId).hasValue(run);
        }
    }

    @Test
    void every_action_can_be_stored_after_the_upgrade() throws Exception {
        try (Connection c = atVersion9()) {
            workspace(c);
        }
        try (Database db = NotifyFixture.open(dir)) {
            long run = NotifyFixture.run(db, PROD);
            List<DriftFinding> all = Arrays.stream(DriftAction.values())
                    .map(a -> new DriftFinding("null_resource." + a.wire(), a, "", null, null)).toList();

            db.drift().record(run, PROD, all);

            assertThat(db.drift().forRun(run)).isEqualTo(all);
        }
    }

    @Test
    void a_resolved_drift_stays_resolved() throws Exception {
        long run;
        String nothing = oldFingerprint();
        try (Connection c = atVersion9()) {
            long workspace = workspace(c);
            run = driftCheck(c, workspace);
            notified(c, workspace, run, false, nothing);
        }

        try (Database db = NotifyFixture.open(dir)) {
            assertThat(db.driftNotifications().find(PROD)).map(Notified::fingerprint).hasValue(nothing);
            Transition t = new DriftState(db).decide(PROD,
                    new DriftObservation(NotifyFixture.run(db, PROD), Classification.IN_SYNC, List.of()));
            assertThat(t).isEqualTo(Transition.NONE);
        }
    }

    @Test
    void an_action_the_upgrade_does_not_know_stops_it_and_is_named() throws Exception {
        try (Connection c = atVersion9()) {
            long workspace = workspace(c);
            finding(c, driftCheck(c, workspace), workspace, "aws_s3_bucket.logs", "was tampered with", "acl");
        }

        assertThatThrownBy(() -> NotifyFixture.open(dir).close()).isInstanceOf(StoreException.class)
                .hasMessageContaining("migrating database")
                .hasMessageContaining("converting the actions of drift_findings to codes: 'was tampered with'");
    }

    /** The fingerprint as releases before the upgrade computed it: the action's words hashed, not a code. */
    private static String oldFingerprint(String... addressActionPath) throws Exception {
        TreeSet<String> lines = new TreeSet<>();
        for (int i = 0; i < addressActionPath.length; i += 3) {
            lines.add(addressActionPath[i] + '\0' + addressActionPath[i + 1] + '\0' + addressActionPath[i + 2] + '\0');
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        lines.forEach(line -> sha256.update(line.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha256.digest());
    }

    private List<String> storedActions() throws SQLException {
        List<String> actions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT action FROM drift_findings ORDER BY id")) {
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
        }
        return actions;
    }

    private static long workspace(Connection c) throws SQLException {
        return insert(c, "INSERT INTO workspaces (repo, name, dir, tool, created_at) VALUES (?, ?, ?, 'tofu', ?)",
                PROD.repo(), PROD.name(), "envs/prod", now());
    }

    private static long driftCheck(Connection c, long workspace) throws SQLException {
        return insert(c, "INSERT INTO runs (workspace_id, kind, trigger, commit_sha, tool, tool_version, status,"
                + " classification, attempt, queued_at, started_at, finished_at, exit_code)"
                + " VALUES (?, 'drift_check', 'schedule', '0a1b2c3d', 'tofu', '1.10.2', 'succeeded', 'drifted', 1,"
                + " ?, ?, ?, 2)", workspace, now(), now(), now());
    }

    private static void finding(Connection c, long run, long workspace, String address, String action, String path)
            throws SQLException {
        insert(c, "INSERT INTO drift_findings (run_id, workspace_id, address, action, attribute_path, before_value,"
                + " after_value) VALUES (?, ?, ?, ?, ?, 'before', 'after')", run, workspace, address, action, path);
    }

    private static void notified(Connection c, long workspace, long run, boolean drifted, String fingerprint)
            throws SQLException {
        insert(c, "INSERT INTO drift_notifications (workspace_id, fingerprint, drifted, last_run_id, updated_at)"
                + " VALUES (?, ?, ?, ?, ?)", workspace, fingerprint, drifted, run, now());
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.parse("2026-03-01T12:00:00Z"));
    }

    /** Runs an insert and returns the generated id, or 0 for a table without one. */
    private static long insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }
}

package db.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A drift finding's action becomes a stable code ({@code update}, {@code delete}) instead of the words a plan prints
 * for it ({@code has changed}, {@code has been deleted}), which were stored until now and hashed into the
 * fingerprint of the drift last notified. The stored fingerprints are recomputed from the findings of the run they
 * came from, so the first drift check after the upgrade finds the same drift the same and notifies nothing.
 *
 * <p>The words and the fingerprint are written out here as they were at this version, apart from the code that
 * uses them today: a migration must keep meaning what it meant when it ran, and a later change to either needs
 * a migration of its own. Portable SQL, as in V1.
 */
public class V10__drift_actions extends BaseJavaMigration {
    /** What releases before this one stored, and the code each became (dev.plumbline.domain.DriftAction#wire). */
    static final Map<String, String> CODES = Map.of(
            "has been created", "create",
            "has been read", "read",
            "has changed", "update",
            "has been deleted", "delete",
            "has been replaced", "replace",
            "has been removed from the state", "forget");
    /** Ends each field of a finding in the fingerprint; cannot occur in an address, action or path. */
    private static final char END = '\u0000';

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        // fingerprints first: only one that the stored words reproduce is known to come from these findings
        recomputeFingerprints(c);
        convertActions(c);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE drift_findings ADD CONSTRAINT drift_findings_action_known CHECK (action IN ("
                    + String.join(", ", CODES.values().stream().sorted().map(code -> "'" + code + "'").toList())
                    + "))");
        }
    }

    /**
     * Each workspace's stored fingerprint, when it is the one the old words give for the findings of its run, is
     * replaced by the one the codes give. Any other is left alone: the next check may then notify a change once,
     * which is better than claiming to know a drift this migration cannot see.
     */
    private static void recomputeFingerprints(Connection c) throws SQLException {
        List<long[]> notified = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT workspace_id, last_run_id FROM drift_notifications")) {
            while (rs.next()) {
                notified.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE drift_notifications SET fingerprint = ?"
                + " WHERE workspace_id = ? AND fingerprint = ?")) {
            for (long[] row : notified) {
                List<String[]> findings = findings(c, row[1]);
                update.setString(1, fingerprint(findings, V10__drift_actions::code));
                update.setLong(2, row[0]);
                update.setString(3, fingerprint(findings, UnaryOperator.identity()));
                update.executeUpdate();
            }
        }
    }

    /** The (address, action, attribute path) of each finding of a run, as stored. */
    private static List<String[]> findings(Connection c, long runId) throws SQLException {
        List<String[]> findings = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT address, action, attribute_path FROM drift_findings WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    findings.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return findings;
    }

    private static void convertActions(Connection c) throws SQLException {
        List<String> stored = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT action FROM drift_findings")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE drift_findings SET action = ? WHERE action = ?")) {
            for (String action : stored) {
                ps.setString(1, code(action));
                ps.setString(2, action);
                ps.executeUpdate();
            }
        }
    }

    /** The code of a stored action; one that is a code already stays as it is. */
    static String code(String stored) {
        if (CODES.containsValue(stored)) {
            return stored;
        }
        String code = CODES.get(stored);
        if (code == null) {
            throw new IllegalStateException("converting the actions of drift_findings to codes: '" + stored
                    + "' is neither the words nor the code of an action; expected one of " + CODES.keySet());
        }
        return code;
    }

    /**
     * The notified drift's fingerprint: a sha256 (hex) of the sorted set of (address, action, attribute path) lines,
     * a missing path read as an empty one, with the action as {@code action} writes it.
     */
    static String fingerprint(List<String[]> findings, UnaryOperator<String> action) {
        TreeSet<String> lines = new TreeSet<>();
        for (String[] f : findings) {
            String path = f[2] == null ? "" : f[2];
            lines.add(f[0] + END + action.apply(f[1]) + END + path + END);
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("computing a drift fingerprint: every Java has SHA-256: " + e, e);
        }
        for (String line : lines) {
            sha256.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}

package dev.plumbline.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** The newest commit of each repo whose settings were valid: the settings in force while the head's are not. */
public final class ValidSettings {
    private final Scope scope;
    private final Clock clock;

    ValidSettings(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    public Optional<String> commitOf(String repo) {
        return scope.run("reading the last valid settings of repo " + repo, c -> Sql.one(c,
                "SELECT commit_sha FROM valid_settings WHERE repo = ?", ps -> ps.setString(1, repo),
                rs -> rs.getString("commit_sha")));
    }

    /** Update, then insert when there was no row (portable; no MERGE or ON CONFLICT). */
    public void record(String repo, String commit) {
        String doing = "recording the valid settings of repo " + repo + " at " + commit;
        scope.run(doing, c -> {
            int updated = Sql.update(c, "UPDATE valid_settings SET commit_sha = ?, recorded_at = ? WHERE repo = ?",
                    ps -> {
                        ps.setString(1, commit);
                        Sql.setInstant(ps, 2, Sql.now(clock));
                        ps.setString(3, repo);
                    });
            if (updated == 0) {
                try {
                    Sql.update(c, "INSERT INTO valid_settings (repo, commit_sha, recorded_at) VALUES (?, ?, ?)",
                            ps -> {
                                ps.setString(1, repo);
                                ps.setString(2, commit);
                                Sql.setInstant(ps, 3, Sql.now(clock));
                            });
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                    // another process recorded the same repo at the same moment; both saw valid settings
                }
            }
            return null;
        });
    }
}

package dev.plumbline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API tokens by the sha256 of their text: the text itself is shown once, when made, and never stored. A revoked
 * token stays listed, with who revoked it; its name is free for a new token.
 */
public final class ApiTokens {
    private static final String COLUMNS = "id, name, role, created_at, created_by, last_used_at, revoked_at, revoked_by";
    /** Recording each use would write on every request; once a minute says enough about whether a token is used. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    private final Scope scope;
    private final Clock clock;

    ApiTokens(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Stores a new token; a live token of the same name is an error naming it. */
    public StoredToken create(String name, String role, String sha256, String createdBy) {
        Objects.requireNonNull(sha256, "sha256");
        String doing = "creating token '" + name + "'";
        return scope.run(doing, c -> {
            Instant now = Sql.now(clock);
            long id;
            try {
                id = Sql.undoneOnFailure(c, x -> Sql.insert(x, "INSERT INTO api_tokens (name, role, token_sha256,"
                        + " active_name, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, name);
                            ps.setString(2, role);
                            ps.setString(3, sha256);
                            ps.setString(4, name);
                            Sql.setInstant(ps, 5, now);
                            ps.setString(6, createdBy);
                        }));
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new IllegalStateException(doing + ": a token of that name exists; revoke it first"
                            + " (plumbline token revoke " + name + ")", e);
                }
                throw e;
            }
            AuditLog.insert(c, clock, new AuditLog.Entry(createdBy, "token.created", null, null,
                    "token '" + name + "' with role " + role));
            return new StoredToken(id, name, role, now, createdBy, null, null, null);
        });
    }

    /** The live token whose text has this sha256, its use recorded; empty for an unknown or revoked one. */
    public Optional<StoredToken> use(String sha256) {
        return scope.run("reading an API token", c -> {
            Optional<StoredToken> found = Sql.one(c, "SELECT " + COLUMNS + " FROM api_tokens WHERE token_sha256 = ?"
                    + " AND revoked_at IS NULL", ps -> ps.setString(1, sha256), ApiTokens::row);
            Instant now = Sql.now(clock);
            if (found.isPresent() && (found.get().lastUsedAt() == null
                    || found.get().lastUsedAt().isBefore(now.minus(USE_RESOLUTION)))) {
                Sql.update(c, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", ps -> {
                    Sql.setInstant(ps, 1, now);
                    ps.setLong(2, found.get().id());
                });
            }
            return found;
        });
    }

    /** Every token, live and revoked, oldest first. */
    public List<StoredToken> list() {
        return scope.run("listing API tokens", c -> Sql.list(c, "SELECT " + COLUMNS + " FROM api_tokens ORDER BY id",
                ps -> { }, ApiTokens::row));
    }

    /** Revokes the live token named {@code name}; says whether there was one. */
    public boolean revoke(String name, String by) {
        return scope.run("revoking token '" + name + "'", c -> {
            int done = Sql.update(c, "UPDATE api_tokens SET revoked_at = ?, revoked_by = ?, active_name = NULL"
                    + " WHERE active_name = ?", ps -> {
                        Sql.setInstant(ps, 1, Sql.now(clock));
                        ps.setString(2, by);
                        ps.setString(3, name);
                    });
            if (done == 1) {
                AuditLog.insert(c, clock, new AuditLog.Entry(by, "token.revoked", null, null,
                        "token '" + name + "'"));
            }
            return done == 1;
        });
    }

    private static StoredToken row(ResultSet rs) throws SQLException {
        return new StoredToken(rs.getLong("id"), rs.getString("name"), rs.getString("role"),
                Sql.instant(rs, "created_at"), rs.getString("created_by"), Sql.instant(rs, "last_used_at"),
                Sql.instant(rs, "revoked_at"), rs.getString("revoked_by"));
    }
}

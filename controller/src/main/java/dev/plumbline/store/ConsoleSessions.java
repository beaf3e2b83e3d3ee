package dev.plumbline.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's sessions, one row per signed-in browser, keyed by the SHA-256 of the cookie's value (the caller
 * hashes it): the value itself is never stored. An expired session is never found, and is deleted by
 * {@link #deleteExpired} (each new sign-in calls it).
 */
public final class ConsoleSessions {
    private final Scope scope;
    private final Clock clock;

    ConsoleSessions(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    public void create(String idSha256, ConsoleSession session) {
        Objects.requireNonNull(idSha256, "idSha256");
        scope.run("storing the console session of " + session.name(), c -> Sql.update(c,
                "INSERT INTO console_sessions (id_sha256, name, role, via, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, idSha256);
                            ps.setString(2, session.name());
                            ps.setString(3, session.role());
                            ps.setString(4, session.via());
                            Sql.setInstant(ps, 5, session.createdAt());
                            Sql.setInstant(ps, 6, session.expiresAt());
                        }));
    }

    /** The session, unless it is unknown or has expired. */
    public Optional<ConsoleSession> find(String idSha256) {
        Instant now = Sql.now(clock);
        return scope.run("reading a console session", c -> Sql.one(c,
                "SELECT name, role, via, created_at, expires_at FROM console_sessions WHERE id_sha256 = ?"
                        + " AND expires_at > ?", ps -> {
                            ps.setString(1, idSha256);
                            Sql.setInstant(ps, 2, now);
                        }, rs -> new ConsoleSession(rs.getString("name"), rs.getString("role"), rs.getString("via"),
                                Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"))));
    }

    public boolean delete(String idSha256) {
        return scope.run("ending a console session", c -> Sql.update(c,
                "DELETE FROM console_sessions WHERE id_sha256 = ?", ps -> ps.setString(1, idSha256)) > 0);
    }

    /** Deletes the sessions, sign-in links and OpenID Connect sign-ins that have expired; returns how many. */
    public int deleteExpired() {
        Instant now = Sql.now(clock);
        return scope.run("deleting expired console sessions", c -> {
            int n = 0;
            for (String table : new String[] {"console_sessions", "console_sign_in_links", "console_oidc_logins"}) {
                n += Sql.update(c, "DELETE FROM " + table + " WHERE expires_at <= ?", ps -> Sql.setInstant(ps, 1, now));
            }
            return n;
        });
    }
}

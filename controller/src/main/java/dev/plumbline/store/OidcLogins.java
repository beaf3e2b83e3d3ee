package dev.plumbline.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * OpenID Connect sign-ins under way, keyed by the SHA-256 of their state: stored, not held in memory, so the
 * answer may reach any daemon behind the same address, or this one after a restart. {@link #take} deletes what it
 * returns, so a state is good for one answer.
 */
public final class OidcLogins {
    private final Scope scope;
    private final Clock clock;

    OidcLogins(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** What the identity provider's answer is checked against, and where the browser goes afterwards. */
    public record Pending(String verifier, String nonce, String nextPath) { }

    public void put(String stateSha256, Pending login, Instant expiresAt) {
        scope.run("storing an OpenID Connect sign-in", c -> Sql.update(c,
                "INSERT INTO console_oidc_logins (state_sha256, verifier, nonce, next_path, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, stateSha256);
                            ps.setString(2, login.verifier());
                            ps.setString(3, login.nonce());
                            ps.setString(4, login.nextPath());
                            Sql.setInstant(ps, 5, expiresAt);
                        }));
    }

    public Optional<Pending> take(String stateSha256) {
        Instant now = Sql.now(clock);
        return scope.run("reading an OpenID Connect sign-in", c -> {
            Optional<Pending> found = Sql.one(c, "SELECT verifier, nonce, next_path FROM console_oidc_logins"
                    + " WHERE state_sha256 = ? AND expires_at > ?", ps -> {
                        ps.setString(1, stateSha256);
                        Sql.setInstant(ps, 2, now);
                    }, rs -> new Pending(rs.getString("verifier"), rs.getString("nonce"), rs.getString("next_path")));
            int deleted = Sql.update(c, "DELETE FROM console_oidc_logins WHERE state_sha256 = ?",
                    ps -> ps.setString(1, stateSha256));
            // Two answers with one state: only the one whose delete took the row goes on.
            return deleted == 1 ? found : Optional.empty();
        });
    }
}

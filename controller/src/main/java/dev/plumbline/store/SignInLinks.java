package dev.plumbline.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time console sign-in links, keyed by the SHA-256 of their token. A link is redeemed at most once: the update
 * that marks it used is the check, so two browsers racing with the same link cannot both sign in.
 */
public final class SignInLinks {
    private final Scope scope;
    private final Clock clock;

    SignInLinks(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** A redeemed link: whom it signs in, with which role (its wire name). */
    public record Redeemed(String name, String role) { }

    public void create(String tokenSha256, String name, String role, Instant expiresAt) {
        scope.run("storing a console sign-in link for " + name, c -> Sql.update(c,
                "INSERT INTO console_sign_in_links (token_sha256, name, role, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, tokenSha256);
                            ps.setString(2, name);
                            ps.setString(3, role);
                            Sql.setInstant(ps, 4, Sql.now(clock));
                            Sql.setInstant(ps, 5, expiresAt);
                        }));
    }

    /** Marks the link used and says whom it signs in; empty when it is unknown, used or expired. */
    public Optional<Redeemed> redeem(String tokenSha256) {
        Instant now = Sql.now(clock);
        return scope.run("redeeming a console sign-in link", c -> {
            int used = Sql.update(c, "UPDATE console_sign_in_links SET used_at = ? WHERE token_sha256 = ?"
                    + " AND used_at IS NULL AND expires_at > ?", ps -> {
                        Sql.setInstant(ps, 1, now);
                        ps.setString(2, tokenSha256);
                        Sql.setInstant(ps, 3, now);
                    });
            if (used == 0) {
                return Optional.empty();
            }
            return Sql.one(c, "SELECT name, role FROM console_sign_in_links WHERE token_sha256 = ?",
                    ps -> ps.setString(1, tokenSha256), rs -> new Redeemed(rs.getString("name"), rs.getString("role")));
        });
    }
}

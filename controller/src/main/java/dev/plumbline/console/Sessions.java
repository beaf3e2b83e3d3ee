package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import dev.plumbline.auth.IdentitySource;
import dev.plumbline.auth.Role;
import dev.plumbline.store.ConsoleSession;
import dev.plumbline.store.Database;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Console sessions: a random id in an HttpOnly, SameSite=Lax cookie, and in the store only its SHA-256 with who
 * signed in, so a restart keeps everyone signed in and a copy of the database signs nobody in. Lax, not Strict, so
 * that a link from a pull request comment opens the page signed in; no state changes on a GET, and every form
 * carries the session's CSRF token ({@link #csrfToken}), derived from the id, so it needs no storage of its own.
 */
public final class Sessions implements IdentitySource {
    static final String COOKIE = "plumbline_session";

    private final Database db;
    private final Duration maxAge;
    private final boolean secureCookie;
    private final Clock clock;

    public Sessions(Database db, Duration maxAge, boolean secureCookie, Clock clock) {
        this.db = db;
        this.maxAge = maxAge;
        this.secureCookie = secureCookie;
        this.clock = clock;
    }

    @Override
    public Optional<Identity> identify(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        return db.consoleSessions().find(Secrets.sha256(id)).flatMap(Sessions::identity);
    }

    private static Optional<Identity> identity(ConsoleSession s) {
        try {
            return Optional.of(new Identity(s.name(), Role.parse(s.role()), s.via()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Signs {@code who} in on this browser: stores the session and sets its cookie. */
    void start(Context ctx, Identity who) {
        // what expired is swept as people sign in: no job of its own, and never more than a day's sign-ins
        db.consoleSessions().deleteExpired();
        String id = Secrets.random();
        Instant now = clock.instant();
        db.consoleSessions().create(Secrets.sha256(id), new ConsoleSession(who.name(), who.role().wire(), who.via(),
                now, now.plus(maxAge)));
        db.audit().record(who.name(), who.via(), "console.signed_in", Optional.empty(), Optional.empty(),
                "as " + who.role().wire() + " via " + who.via());
        ctx.cookie(cookie(id, (int) maxAge.toSeconds()));
    }

    void end(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id != null && id.length() <= 100) {
            db.consoleSessions().delete(Secrets.sha256(id));
        }
        ctx.cookie(cookie("", 0));
    }

    /** The CSRF token of this browser's session, or null when it has none. */
    static String csrfToken(Context ctx) {
        String id = ctx.cookie(COOKIE);
        return id == null ? null : Secrets.sha256("csrf:" + id);
    }

    private Cookie cookie(String value, int seconds) {
        return new Cookie(COOKIE, value, "/", seconds, secureCookie, true, null, SameSite.LAX);
    }
}

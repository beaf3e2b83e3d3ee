package dev.plumbline.console;

import dev.plumbline.auth.Role;
import dev.plumbline.store.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One-time sign-in links, for a VM without an identity provider: made on the VM by whoever can read the daemon's
 * store ({@code plumbline console link}), good once and for a short time; the store keeps only the token's hash.
 */
public final class SignInLink {
    static final String VIA = "local-link";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final Duration MAX_TTL = Duration.ofDays(1);

    private SignInLink() { }

    /** Stores a new link for {@code name} with {@code role}, good for {@code ttl}, and returns its address. */
    public static URI create(Database db, URI baseUrl, String name, Role role, Duration ttl, Clock clock) {
        if (name == null || name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("making a sign-in link: the name must be 1 to 200 printable "
                    + "characters");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("making a sign-in link: the lifetime must be more than 0 and at most "
                    + "24h, got " + ttl);
        }
        String token = Secrets.random();
        db.signInLinks().create(Secrets.sha256(token), name.strip(), role.wire(), clock.instant().plus(ttl));
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString().substring(0, baseUrl.toString().length()
                - 1) : baseUrl.toString();
        return URI.create(base + "/signin/link?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}

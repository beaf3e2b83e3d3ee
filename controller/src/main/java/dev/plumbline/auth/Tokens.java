package dev.plumbline.auth;

import dev.plumbline.store.Database;
import dev.plumbline.store.StoredToken;
import dev.plumbline.util.Echo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens: {@value #PREFIX} and 256 random bits (base64url), shown once when made; the store keeps only their
 * sha256, so a copy of the store cannot be used to call the API.
 */
public final class Tokens {
    public static final String PREFIX = "plb_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TEXT = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public Tokens(Database db) {
        this.db = db;
    }

    /** Makes a token named {@code name} with {@code role}, recorded as made by {@code by}. */
    public NewToken create(String name, Role role, String by) {
        requireName(name);
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        String text = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        return new NewToken(text, db.apiTokens().create(name, role.wire(), sha256(text), by));
    }

    /** The identity of the live token {@code text}; empty for anything else (unknown, revoked, malformed). */
    public Optional<Identity> identify(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            return Optional.empty();
        }
        return db.apiTokens().use(sha256(text))
                .map(t -> new Identity(t.name(), Role.parse(t.role()), "token:" + t.name()));
    }

    public List<StoredToken> list() {
        return db.apiTokens().list();
    }

    /** Revokes the live token {@code name}; the error names it when there is none. */
    public void revoke(String name, String by) {
        requireName(name);
        if (!db.apiTokens().revoke(name, by)) {
            throw new IllegalArgumentException("revoking token " + Echo.quote(name)
                    + ": there is no live token of that name (plumbline token list shows them)");
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid token name " + Echo.quote(name)
                    + ": use letters, digits, '.', '_' or '-', at most 100, starting with a letter or digit");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("hashing a token: " + e.getMessage(), e);
        }
    }
}

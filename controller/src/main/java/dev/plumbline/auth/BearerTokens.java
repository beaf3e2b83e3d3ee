package dev.plumbline.auth;

import io.javalin.http.Context;
import java.util.Optional;

/** {@code Authorization: Bearer <token>}: the identity of a live API token. */
public final class BearerTokens implements IdentitySource {
    private static final String SCHEME = "bearer ";

    private final Tokens tokens;

    public BearerTokens(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Identity> identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        return tokens.identify(header.substring(SCHEME.length()).strip());
    }
}

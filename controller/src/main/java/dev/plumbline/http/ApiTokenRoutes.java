package dev.plumbline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.auth.Identity;
import dev.plumbline.auth.NewToken;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.store.StoredToken;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/** Tokens managed over the API, by admins: listed (never their text), made (the text answered once), revoked. */
final class ApiTokenRoutes {
    private final Tokens tokens;

    ApiTokenRoutes(Tokens tokens) {
        this.tokens = tokens;
    }

    void list(Context ctx) {
        JsonOut.send(ctx, Map.of("tokens", tokens.list().stream().map(StoredToken::view).toList()));
    }

    void create(Context ctx) {
        Identity who = Access.identity(ctx);
        JsonNode body;
        try {
            body = JsonOut.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiException.badRequest("creating a token: the body is not JSON");
        }
        if (body == null || !body.isObject() || !body.path("name").isTextual() || !body.path("role").isTextual()) {
            throw ApiException.badRequest("creating a token: expected {\"name\": \"...\", \"role\": \"viewer\"}");
        }
        NewToken made;
        try {
            made = tokens.create(body.get("name").textValue(), Role.parse(body.get("role").textValue()),
                    who.name() + " (" + who.via() + ")");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        }
        Map<String, Object> v = made.stored().view();
        v.put("token", made.text());
        ctx.header("Cache-Control", "no-store"); // the token is shown once: no cache keeps it
        JsonOut.send(ctx, 201, v);
    }

    void revoke(Context ctx) {
        Identity who = Access.identity(ctx);
        String name = ctx.pathParam("name");
        try {
            tokens.revoke(name, who.name() + " (" + who.via() + ")");
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(e.getMessage());
        }
        JsonOut.send(ctx, Map.of("name", name, "state", "revoked"));
    }
}

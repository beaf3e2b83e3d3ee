package dev.plumbline.http;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.util.Echo;
import io.javalin.http.Context;
import java.util.function.Function;

/** Reading path and query parameters; a bad one is a 400 naming the parameter and the value. */
final class Params {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private Params() {
    }

    static long runId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below, naming the value
        }
        throw ApiException.badRequest("reading run id " + Echo.quote(raw) + ": expected a positive whole number");
    }

    static WorkspaceId workspace(Context ctx) {
        return parsed("workspace", ctx.pathParam("repo") + "/" + ctx.pathParam("name"), WorkspaceId::parse);
    }

    /** The query parameter {@code name} read by {@code parse}; null when absent or empty. */
    static <T> T query(Context ctx, String name, Function<String, T> parse) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isEmpty() ? null : parsed(name, raw, parse);
    }

    static int limit(Context ctx) {
        Integer limit = query(ctx, "limit", Integer::valueOf);
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("reading parameter limit: " + limit + " is not between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** An id cursor: the id of the last item of the previous page. */
    static Long before(Context ctx) {
        Long cursor = query(ctx, "cursor", Long::valueOf);
        if (cursor != null && cursor < 1) {
            throw ApiException.badRequest("reading parameter cursor: " + cursor + " is not a positive number");
        }
        return cursor;
    }

    private static <T> T parsed(String name, String raw, Function<String, T> parse) {
        try {
            return parse.apply(raw);
        } catch (IllegalArgumentException e) {
            String why = e instanceof NumberFormatException ? "expected a whole number" : e.getMessage();
            throw ApiException.badRequest("reading parameter " + name + " " + Echo.quote(raw) + ": " + why);
        }
    }
}

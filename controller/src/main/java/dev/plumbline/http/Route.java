package dev.plumbline.http;

import io.javalin.http.HandlerType;
import io.javalin.http.Handler;

/** One route of the server: method, path pattern, who may call it, and what answers it. */
public record Route(HandlerType method, String path, Rule rule, Handler handler) {
    /** {@code GET /api/v1/runs/{id}}: how the route is named in errors, metrics and the OpenAPI test. */
    public String name() {
        return method + " " + path;
    }
}

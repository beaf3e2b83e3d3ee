package dev.plumbline.http;

import dev.plumbline.auth.Tokens;
import dev.plumbline.domain.Run;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route under {@code /api/v1}, each with its {@link Rule}; the OpenAPI document
 * ({@code openapi.json} beside this class) describes exactly these, which a test checks.
 */
final class ApiRoutes {
    static final String BASE = "/api/v1";
    private static final String WS = BASE + "/workspaces/{repo}/{name}";
    private static final String RUN = BASE + "/runs/{id}";

    private ApiRoutes() {
    }

    static List<Route> of(Edge edge, Clock clock) {
        ApiReads reads = new ApiReads(edge.db(), clock);
        ApiActions actions = new ApiActions(edge.reconciler(), reads, edge.queued());
        ApiTokenRoutes tokens = new ApiTokenRoutes(new Tokens(edge.db()));
        ApiDrift drift = new ApiDrift(edge.db(), reads, clock);
        LogStream logs = new LogStream(edge.db());
        String openApi = openApi();
        List<Route> r = new ArrayList<>();
        r.add(get(BASE + "/openapi.json", Rule.PUBLIC, ctx -> ctx.contentType(JsonOut.TYPE).result(openApi)));
        r.add(get(BASE + "/whoami", Rule.VIEWER, reads::whoami));
        r.add(get(BASE + "/drift", Rule.VIEWER, drift::status));
        r.add(get(BASE + "/workspaces", Rule.VIEWER, reads::workspaces));
        r.add(get(WS, Rule.VIEWER, reads::workspace));
        r.add(get(WS + "/drift", Rule.VIEWER, reads::driftHistory));
        r.add(get(WS + "/drift/spans", Rule.VIEWER, drift::spans));
        r.add(post(WS + "/drift/ack", Rule.OPERATOR, drift::acknowledge));
        r.add(get(WS + "/resources", Rule.VIEWER, reads::resourceHistory));
        r.add(post(WS + "/drift-checks", Rule.OPERATOR, actions::driftCheck));
        r.add(post(WS + "/plans", Rule.OPERATOR, actions::plan));
        r.add(get(BASE + "/runs", Rule.VIEWER, reads::runs));
        r.add(get(RUN, Rule.VIEWER, reads::run));
        r.add(get(RUN + "/plan", Rule.VIEWER, reads::plan));
        r.add(get(RUN + "/log", Rule.VIEWER, reads::log));
        r.add(get(RUN + "/log/stream", Rule.VIEWER, ctx -> stream(ctx, reads, logs)));
        r.add(post(RUN + "/approve", Rule.OPERATOR, actions::approve));
        r.add(post(RUN + "/apply", Rule.OPERATOR, actions::apply));
        r.add(post(RUN + "/cancel", Rule.OPERATOR, actions::cancel));
        r.add(get(BASE + "/queue", Rule.VIEWER, reads::queue));
        r.add(get(BASE + "/audit", Rule.VIEWER, reads::audit));
        r.add(get(BASE + "/tokens", Rule.ADMIN, tokens::list));
        r.add(post(BASE + "/tokens", Rule.ADMIN, tokens::create));
        r.add(new Route(HandlerType.DELETE, BASE + "/tokens/{name}", Rule.ADMIN, tokens::revoke));
        return List.copyOf(r);
    }

    /** The run and the starting line are checked first, so a bad id is a JSON error, not a stream. */
    private static void stream(Context ctx, ApiReads reads, LogStream logs) throws Exception {
        Run run = reads.knownRun(Params.runId(ctx));
        Integer after = Params.query(ctx, "after", Integer::valueOf);
        String last = ctx.header("Last-Event-ID");
        int from = after != null ? after : last != null && last.matches("\\d{1,9}") ? Integer.parseInt(last) : 0;
        new SseHandler(client -> logs.stream(client, run, Math.max(0, from))).handle(ctx);
    }

    private static Route get(String path, Rule rule, Handler handler) {
        return new Route(HandlerType.GET, path, rule, handler);
    }

    private static Route post(String path, Rule rule, Handler handler) {
        return new Route(HandlerType.POST, path, rule, handler);
    }

    static String openApi() {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("reading the OpenAPI document: openapi.json is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the OpenAPI document: " + e.getMessage(), e);
        }
    }
}

package dev.plumbline.http;

import dev.plumbline.auth.Identity;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.fleet.Condition;
import dev.plumbline.fleet.Fleet;
import dev.plumbline.fleet.FleetPage;
import dev.plumbline.fleet.FleetQuery;
import dev.plumbline.fleet.WorkspaceState;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftChecks;
import dev.plumbline.store.LogLine;
import dev.plumbline.store.QueueSnapshot;
import dev.plumbline.store.RunPages;
import dev.plumbline.store.StoredPlan;
import dev.plumbline.store.WorkItem;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's reads: the fleet, runs with their plans, findings and logs, drift history, the queue, the audit log. */
final class ApiReads {
    private final Database db;
    private final Fleet fleet;
    private final Clock clock;

    ApiReads(Database db, Clock clock) {
        this.db = db;
        this.fleet = new Fleet(db);
        this.clock = clock;
    }

    void whoami(Context ctx) {
        Identity who = Access.identity(ctx);
        JsonOut.send(ctx, Map.of("name", who.name(), "role", who.role().wire(), "via", who.via()));
    }

    void workspaces(Context ctx) {
        Integer limit = Params.query(ctx, "limit", Integer::valueOf);
        FleetQuery query;
        try {
            query = new FleetQuery(Params.query(ctx, "condition", Condition::parse), ctx.queryParam("search"),
                    ctx.queryParam("cursor"), limit == null ? FleetQuery.DEFAULT_LIMIT : limit);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("listing workspaces: " + e.getMessage());
        }
        FleetPage page;
        try {
            page = fleet.page(query);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("listing workspaces: " + e.getMessage());
        }
        var now = clock.instant();
        JsonOut.send(ctx, Views.page("workspaces", page.workspaces().stream().map(s -> Views.workspace(s, now))
                .toList(), page.next()));
    }

    void workspace(Context ctx) {
        WorkspaceId id = Params.workspace(ctx);
        JsonOut.send(ctx, Views.workspace(known(id), clock.instant()));
    }

    void driftHistory(Context ctx) {
        WorkspaceId id = Params.workspace(ctx);
        exists(id);
        int limit = Params.limit(ctx);
        List<DriftChecks.Check> checks = db.driftChecks().checks(id, Params.before(ctx), limit);
        List<Map<String, Object>> items = checks.stream().map(c -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("run_id", c.runId());
            v.put("status", c.status());
            v.put("classification", c.classification());
            v.put("finished_at", c.finishedAt());
            v.put("drifted_resources", c.driftedResources());
            return v;
        }).toList();
        JsonOut.send(ctx, Views.page("checks", items, checks.size() < limit ? null : checks.get(limit - 1).runId()));
    }

    void resourceHistory(Context ctx) {
        WorkspaceId id = Params.workspace(ctx);
        exists(id);
        String address = ctx.queryParam("address");
        if (address == null || address.isBlank()) {
            throw ApiException.badRequest("reading the drift history of a resource of " + id
                    + ": the query parameter address is missing");
        }
        int limit = Params.limit(ctx);
        List<DriftChecks.Finding> found = db.driftChecks().ofResource(id, address, Params.before(ctx), limit);
        List<Map<String, Object>> items = found.stream().map(f -> {
            Map<String, Object> v = Views.finding(f.finding());
            v.put("run_id", f.runId());
            v.put("finished_at", f.finishedAt());
            return v;
        }).toList();
        JsonOut.send(ctx, Views.page("findings", items, found.size() < limit ? null : found.get(limit - 1).runId()));
    }

    void runs(Context ctx) {
        WorkspaceId ws = Params.query(ctx, "workspace", WorkspaceId::parse);
        if (ws != null) {
            exists(ws);
        }
        int limit = Params.limit(ctx);
        List<Run> runs = db.runPages().page(new RunPages.Filter(ws, Params.query(ctx, "kind", RunKind::parse),
                Params.query(ctx, "status", RunStatus::parse), Params.before(ctx), limit));
        JsonOut.send(ctx, Views.page("runs", runs.stream().map(Views::run).toList(),
                runs.size() < limit ? null : runs.get(limit - 1).id()));
    }

    void run(Context ctx) {
        Run run = knownRun(Params.runId(ctx));
        Map<String, Object> v = Views.run(run);
        db.runs().links(run.id()).ifPresent(l -> {
            v.put("owner", l.ownerId());
            v.put("plan_run_id", l.planRunId());
        });
        Optional<StoredPlan> plan = db.plans().find(run.id());
        v.put("plan", plan.map(p -> Map.of("sha256", p.sha256(), "text", p.renderedText())).orElse(null));
        var changedBy = db.eventChecks().ofRun(run.id());
        v.put("findings", db.drift().forRun(run.id()).stream()
                .map(f -> Views.finding(f, changedBy.get(f.address()))).toList());
        v.put("approval", db.approvals().find(run.id()).map(Views::approval).orElse(null));
        v.put("applied_by_runs", db.runs().appliesOf(run.id()).stream().map(Run::id).toList());
        JsonOut.send(ctx, v);
    }

    /** The masked plan JSON as stored (sensitive values already replaced), for tools that read plans. */
    void plan(Context ctx) {
        long id = Params.runId(ctx);
        knownRun(id);
        StoredPlan plan = db.plans().find(id).orElseThrow(() ->
                ApiException.notFound("reading the plan of run " + id + ": the run has no stored plan"));
        // written again through the HTML-safe mapper: the stored text may hold markup from a value as it was
        try {
            JsonOut.send(ctx, JsonOut.MAPPER.readTree(plan.maskedJson()));
        } catch (IOException e) {
            throw new IllegalStateException("reading the stored plan of run " + id + ": " + e.getMessage(), e);
        }
    }

    void log(Context ctx) {
        long id = Params.runId(ctx);
        Run run = knownRun(id);
        Integer after = Params.query(ctx, "after", Integer::valueOf);
        int skip = after == null ? 0 : Math.max(0, after);
        List<LogLine> lines = db.logs().read(id, skip);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            items.add(Views.log(skip + i + 1, lines.get(i)));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", id);
        v.put("status", run.status().wire());
        v.put("lines", items);
        v.put("next_after", skip + lines.size());
        JsonOut.send(ctx, v);
    }

    void queue(Context ctx) {
        QueueSnapshot q = db.queuedWork().snapshot();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("running", q.running().stream().map(w -> Views.work(w, 0)).toList());
        List<Map<String, Object>> waiting = new ArrayList<>();
        for (WorkItem w : q.waiting()) {
            waiting.add(Views.work(w, q.positionOf(w.id())));
        }
        v.put("waiting", waiting);
        JsonOut.send(ctx, v);
    }

    void audit(Context ctx) {
        WorkspaceId ws = Params.query(ctx, "workspace", WorkspaceId::parse);
        int limit = Params.limit(ctx);
        var events = db.audit().page(Params.before(ctx), Optional.ofNullable(ws), limit);
        JsonOut.send(ctx, Views.page("events", events.stream().map(Views::audit).toList(),
                events.size() < limit ? null : events.get(limit - 1).id()));
    }

    private WorkspaceState known(WorkspaceId id) {
        return fleet.find(id).orElseThrow(() -> missing(id));
    }

    /** Fails with a 404 naming the workspace when the store does not know it. */
    void exists(WorkspaceId id) {
        if (db.workspaces().find(id).isEmpty()) {
            throw missing(id);
        }
    }

    private static ApiException missing(WorkspaceId id) {
        return ApiException.notFound("reading workspace " + id + ": no such workspace");
    }

    Run knownRun(long id) {
        return db.runs().find(id).orElseThrow(() -> ApiException.notFound("reading run " + id + ": no such run"));
    }
}

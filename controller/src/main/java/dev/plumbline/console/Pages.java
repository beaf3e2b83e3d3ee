package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import dev.plumbline.auth.Role;
import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
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
import dev.plumbline.store.DriftSpan;
import dev.plumbline.store.RunLinks;
import dev.plumbline.store.StoredPlan;
import dev.plumbline.util.Echo;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The console's pages, each read from the store and rendered by its template. */
final class Pages {
    private static final int RUNS_SHOWN = 30;
    /** The checks a timeline reads at most: one a minute for 90 days. */
    private static final int TIMELINE_CHECKS = 130_000;
    private static final int SPANS_SHOWN = 500;
    private static final int AUDIT_SHOWN = 200;
    private static final int PAGE = 200;

    private final Console console;
    private final Database db;
    private final Clock clock;
    private final Fleet fleet;

    Pages(Console console, Database db, Clock clock) {
        this.console = console;
        this.db = db;
        this.clock = clock;
        this.fleet = new Fleet(db);
    }

    void fleet(Context ctx, Identity who) {
        // an unknown status is refused naming it (Condition.parse), as the API refuses it
        String status = Optional.ofNullable(ctx.queryParam("status")).map(String::strip).orElse("");
        String search = Optional.ofNullable(ctx.queryParam("q")).map(String::strip).orElse("");
        FleetPage page;
        try {
            page = fleet.page(new FleetQuery(status.isEmpty() ? null : Condition.parse(status),
                    search.isEmpty() ? null : search, ctx.queryParam("after"), PAGE));
        } catch (IllegalArgumentException e) {
            console.refuse(ctx, 400, who, "Bad query", "listing the fleet: " + e.getMessage());
            return;
        }
        String next = page.next() == null ? null : "/?" + query(status, search) + "after="
                + URLEncoder.encode(page.next(), StandardCharsets.UTF_8);
        console.render(ctx, "fleet.jte", Map.of("frame", console.frame(ctx, who, 0), "view", new FleetView(
                page.workspaces().stream().map(FleetRow::of).toList(), status, search, next, clock.instant())));
    }

    private static String query(String status, String search) {
        return (status.isEmpty() ? "" : "status=" + status + "&")
                + (search.isEmpty() ? "" : "q=" + URLEncoder.encode(search, StandardCharsets.UTF_8) + "&");
    }

    void workspace(Context ctx, Identity who) {
        WorkspaceId id;
        try {
            id = new WorkspaceId(ctx.pathParam("repo"), ctx.pathParam("name"));
        } catch (IllegalArgumentException e) {
            console.refuse(ctx, 404, who, "No such workspace", "showing a workspace: " + e.getMessage());
            return;
        }
        Optional<WorkspaceState> state = fleet.find(id);
        if (state.isEmpty()) {
            console.refuse(ctx, 404, who, "No such workspace", "showing workspace " + id + ": it is not known");
            return;
        }
        String asked = ctx.queryParam("days");
        if (asked != null && !asked.equals("30") && !asked.equals("90")) {
            console.refuse(ctx, 400, who, "Bad query", "showing workspace " + id + ": days must be 30 or 90, not "
                    + Echo.quote(asked));
            return;
        }
        int days = "90".equals(asked) ? 90 : 30;
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(days));
        Timeline timeline = Timeline.of(days, db.driftChecks().since(id, since, TIMELINE_CHECKS), now);
        List<DriftSpan> spans = db.driftHistory().of(id, Optional.empty(), SPANS_SHOWN).stream()
                .filter(span -> span.open() || !span.lastSeenAt().isBefore(since)).toList();
        Map<Long, Map<String, Attribution>> explained = db.eventChecks().ofRuns(
                spans.stream().map(DriftSpan::firstRunId).collect(Collectors.toSet()));
        Map<String, List<WorkspaceView.Stretch>> byAddress = new LinkedHashMap<>();
        for (DriftSpan span : spans) {
            Attribution by = explained.getOrDefault(span.firstRunId(), Map.of()).get(span.address());
            byAddress.computeIfAbsent(span.address(), a -> new ArrayList<>()).add(new WorkspaceView.Stretch(span, by));
        }
        List<WorkspaceView.ResourceHistory> resources = byAddress.entrySet().stream()
                .map(e -> new WorkspaceView.ResourceHistory(e.getKey(), e.getValue())).toList();
        console.render(ctx, "workspace.jte", Map.of("frame", console.frame(ctx, who, 0), "view", new WorkspaceView(
                FleetRow.of(state.get()), timeline, resources, db.runs().list(Optional.of(id), RUNS_SHOWN), now)));
    }

    void run(Context ctx, Identity who) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            console.refuse(ctx, 404, who, "No such run", "showing run " + Echo.quote(ctx.pathParam("id"))
                    + ": not a run id");
            return;
        }
        Optional<Run> found = db.runs().find(id);
        if (found.isEmpty()) {
            console.refuse(ctx, 404, who, "No such run", "showing run " + id + ": no such run");
            return;
        }
        Run run = found.get();
        Long planRunId = db.runs().links(id).map(RunLinks::planRunId).orElse(null);
        String text = db.plans().find(id).map(StoredPlan::renderedText).orElse(null);
        List<Run> applies = run.kind() == RunKind.APPLY ? List.of() : db.runs().appliesOf(id);
        var approval = db.approvals().find(id).orElse(null);
        boolean operator = who.may(Role.OPERATOR);
        boolean applied = applies.stream().anyMatch(a -> a.status() == RunStatus.SUCCEEDED);
        boolean awaits = hasChanges(run) && !applied;
        boolean unfinished = run.times().finishedAt() == null;
        RunView.Actions actions = new RunView.Actions(operator && approval == null && awaits,
                operator && awaits && run.status() == RunStatus.SUCCEEDED, operator && unfinished);
        List<DriftFinding> drift = db.drift().forRun(id);
        RunView view = new RunView(run, planRunId, DiffLine.of(text), drift,
                drift.isEmpty() ? Map.of() : db.eventChecks().ofRun(id), approval, applies, db.logs().read(id),
                actions, clock.instant());
        console.render(ctx, "run.jte", Map.of("frame", console.frame(ctx, who, view.live() ? 3 : 0), "view", view));
    }

    void queue(Context ctx, Identity who) {
        console.render(ctx, "queue.jte", Map.of("frame", console.frame(ctx, who, 5), "queue",
                db.queuedWork().snapshot(), "now", clock.instant()));
    }

    void audit(Context ctx, Identity who) {
        console.render(ctx, "audit.jte", Map.of("frame", console.frame(ctx, who, 0), "events",
                db.audit().recent(AUDIT_SHOWN)));
    }

    /**
     * A finished plan or check whose plan changes something: it can be approved (once) and applied until an apply of
     * it succeeded, as the reconciler allows.
     */
    private static boolean hasChanges(Run r) {
        return (r.kind() == RunKind.PLAN || r.kind() == RunKind.DRIFT_CHECK) && r.status() == RunStatus.SUCCEEDED
                && (r.classification() == Classification.DRIFTED || r.classification() == Classification.CHANGES_PENDING);
    }
}

package dev.plumbline.cli;

import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.PolicyLines;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.LogLine;
import dev.plumbline.store.RunLinks;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** approve, apply, runs and show: commands about stored runs (cancel is {@link CancelCommand}). */
final class RunCommands {
    private RunCommands() { }

    static String user() {
        String u = System.getenv("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name", "unknown") : u;
    }

    /**
     * How the CLI's actor is known: by the account that runs the command on the daemon's VM, recorded even when
     * {@code --by} names someone else.
     */
    static String osUser() {
        return "os-user:" + System.getProperty("user.name", "unknown");
    }

    @Command(name = "approve", description = "Approve the stored plan of a run, so that it may be applied.")
    static final class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "RUN-ID", converter = Arguments.RunId.class) long runId;
        @Option(names = "--by", paramLabel = "NAME", converter = Arguments.Name.class,
                description = "Who approves (default: $USER).") String by;
        @Option(names = "--comment", paramLabel = "TEXT", converter = Arguments.Comment.class, description = "Why.")
        String comment;
        @Option(names = "--override-policy", paramLabel = "SET", converter = Arguments.PolicySet.class,
                description = "Also override this failing mandatory policy set for this plan (repeatable); audited.")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                String who = by == null ? user() : by;
                app.reconciler.approve(runId, who, osUser(), comment, overrides);
                String sha = app.db.plans().sha256(runId).orElseThrow(() ->
                        new IllegalStateException("approving run " + runId + ": it has no stored plan"));
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(Map.of("run_id", runId, "approved_by", who, "plan_sha256", sha,
                            "overridden_policies", overrides)));
                } else {
                    out.printf("run %d approved by %s (plan sha256 %s)%s; apply it with: plumbline apply %d%n",
                            runId, who, sha, overrides.isEmpty() ? "" : ", overriding policy sets "
                                    + String.join(", ", overrides), runId);
                }
                return 0;
            }
        }
    }

    @Command(name = "apply", description = "Apply the stored plan of a run: only if approved or allowed by policy, and not stale.")
    static final class Apply implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "RUN-ID", converter = Arguments.RunId.class) long runId;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                Outcome o = app.reconciler.apply(runId, user(), osUser(), Cancellation.none());
                PrintWriter out = spec.commandLine().getOut();
                out.println(common.json ? Common.json(OutcomeView.of(o)) : OutcomeView.of(o).line());
                return o.applied() ? 0 : 1;
            }
        }
    }

    @Command(name = "runs", description = "List runs, newest first.")
    static final class Runs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Option(names = {"-w", "--workspace"}, paramLabel = "REPO/WORKSPACE", converter = Arguments.Workspace.class)
        WorkspaceId workspace;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", converter = Arguments.Limit.class,
                description = "At most this many runs, 1 to " + Arguments.MAX_LIMIT + " (default: 50).") int limit;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                Optional<WorkspaceId> ws = Optional.ofNullable(workspace);
                ws.ifPresent(id -> requireKnown(app, id));
                List<Run> runs = app.db.runs().list(ws, limit);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(Map.of("runs", runs.stream().map(r -> {
                        Map<String, Object> v = view(app, r);
                        app.db.runs().timings(r.id()).ifPresent(t -> {
                            v.put("total_ms", t.total().toMillis());
                            v.put("tool_ms", t.tool().toMillis());
                        });
                        return v;
                    }).toList())));
                } else {
                    out.printf("%-6s %-28s %-12s %-8s %-11s %-16s %-12s %s%n",
                            "RUN", "WORKSPACE", "KIND", "TRIGGER", "STATUS", "CLASSIFICATION", "COMMIT", "STARTED");
                    for (Run r : runs) {
                        out.printf("%-6d %-28s %-12s %-8s %-11s %-16s %-12s %s%n", r.id(), r.workspace(),
                                r.kind().wire(), r.trigger().wire(), r.status().wire(),
                                r.classification() == null ? "-" : r.classification().wire(),
                                r.commitSha() == null ? "-" : CommitSha.shorten(r.commitSha()),
                                r.times().startedAt() == null ? "-" : r.times().startedAt());
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Show a run: its record, plan, drift findings and (with --logs) output.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "RUN-ID", converter = Arguments.RunId.class) long runId;
        @Option(names = "--logs", description = "Include the run's output.") boolean logs;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                Run r = app.db.runs().find(runId).orElseThrow(() ->
                        new IllegalArgumentException("showing run " + runId + ": no such run"));
                var plan = app.db.plans().find(runId);
                var drift = app.db.drift().forRun(runId);
                var changedBy = app.db.eventChecks().ofRun(runId);
                var approval = app.db.approvals().find(runId);
                var policies = app.db.policyResults().forRun(runId);
                var overrides = app.db.policyOverrides().forRun(runId);
                List<LogLine> lines = logs ? app.db.logs().read(runId) : List.of();
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("run", view(app, r));
                    m.put("plan_sha256", plan.map(p -> p.sha256()).orElse(null));
                    m.put("plan_text", plan.map(p -> p.renderedText()).orElse(null));
                    m.put("drift", drift.stream().map(f -> FindingView.of(f, changedBy.get(f.address()))).toList());
                    m.put("approval", approval.orElse(null));
                    m.put("policies", policies.stream().map(RunCommands::policyView).toList());
                    m.put("policy_overrides", overrides);
                    if (logs) {
                        m.put("logs", lines.stream().map(l -> Map.of("stream", l.stream().wire(), "text", l.text())).toList());
                    }
                    out.println(Common.json(m));
                    return 0;
                }
                out.println(Common.json(view(app, r)));
                approval.ifPresent(a -> out.printf("approved by %s at %s (plan sha256 %s)%n", a.approvedBy(), a.approvedAt(), a.planSha256()));
                policies.forEach(p -> PolicyLines.of(p).forEach(out::println));
                overrides.forEach(o -> out.printf("policy set %s overridden by %s at %s (plan sha256 %s)%n", o.set(),
                        o.overriddenBy(), o.at(), o.planSha256()));
                plan.ifPresent(p -> out.println("\n" + p.renderedText()));
                lines.forEach(l -> out.println(l.stream().wire() + " | " + l.text()));
                return 0;
            }
        }
    }

    /**
     * A workspace with stored runs is listed even if it has left Git since; one with none must be in the repo's
     * settings, else the error names it and what the repo has (a typo would otherwise list nothing, as if fine).
     */
    private static void requireKnown(App app, WorkspaceId id) {
        if (app.db.workspaces().find(id).isEmpty()) {
            app.catalog.refresh(id.repo());
            app.catalog.workspace(id);
        }
    }

    /** A policy set's verdict as {@code show --json} prints it. */
    static Map<String, Object> policyView(PolicyResult r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("set", r.set());
        v.put("enforcement", r.enforcement().wire());
        v.put("outcome", r.outcome().wire());
        v.put("messages", r.messages().stream().map(m -> Map.of("kind", m.kind().wire(), "rule", m.rule(),
                "text", m.text())).toList());
        v.put("error", r.error());
        v.put("elapsed_ms", r.elapsed().toMillis());
        return v;
    }

    /**
     * A drift finding as {@code show --json} prints it: the action in words, as it always was, whether it is drift,
     * noise or ignored (and by which rule), and who changed the resource when a change event says
     * ({@code changed_by}, null otherwise).
     */
    record FindingView(String address, String action, String attributePath, String before, String after,
                       String disposition, String rule, Attribution changedBy) {
        static FindingView of(DriftFinding f, Attribution changedBy) {
            return new FindingView(f.address(), f.action().prose(), f.attributePath(), f.before(), f.after(),
                    f.disposition().wire(), f.rule(), changedBy);
        }
    }

    /** A run as {@code --json} prints it, with its owner and, for an apply, the plan run it applies. */
    static Map<String, Object> view(App app, Run r) {
        Map<String, Object> m = view(r);
        RunLinks links = app.db.runs().links(r.id()).orElse(new RunLinks(null, null));
        m.put("owner", links.ownerId());
        m.put("plan_run_id", links.planRunId());
        return m;
    }

    static Map<String, Object> view(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("workspace", r.workspace().toString());
        m.put("kind", r.kind().wire());
        m.put("trigger", r.trigger().wire());
        m.put("status", r.status().wire());
        m.put("classification", r.classification() == null ? null : r.classification().wire());
        m.put("commit", r.commitSha());
        m.put("tool", r.tool().command());
        m.put("tool_version", r.toolVersion());
        m.put("attempt", r.attempt());
        m.put("retry_of", r.retryOf());
        m.put("queued_at", r.times().queuedAt());
        m.put("started_at", r.times().startedAt());
        m.put("finished_at", r.times().finishedAt());
        m.put("exit_code", r.exitCode());
        ResourceCounts counts = r.counts();
        m.put("add", counts == null ? null : counts.add());
        m.put("change", counts == null ? null : counts.change());
        m.put("destroy", counts == null ? null : counts.destroy());
        m.put("error", r.errorMessage());
        return m;
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.aws.SecretResolver;
import dev.plumbline.config.ApplyMode;
import dev.plumbline.config.IgnoreRule;
import dev.plumbline.config.OnDrift;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.PlumblineException;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.policy.ApplyPolicy;
import dev.plumbline.policy.ApplyRules;
import dev.plumbline.policy.Decision;
import dev.plumbline.policy.PlanFacts;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.Tx;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one orchestrator. Every path from a trigger to the real world goes through here: read what Git says
 * ({@link Catalog}), plan it in a recorded run ({@link WorkspaceRunner}), decide by policy ({@link ApplyPolicy}),
 * and apply only a stored plan that the policy or a human approved.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** A fetch this recent counts as "fetched for this run". */
    private static final Duration FRESH_ENOUGH = Duration.ofSeconds(10);

    private final Database db;
    private final Catalog catalog;
    private final WorkspaceRunner runner;
    /** Null when no repo has pull requests reviewed. */
    private final ReviewedPlans reviewed;
    /** The daemon config's drift ignore rules, in force in every workspace besides its own. */
    private final List<IgnoreRule> driftIgnore;
    private final PolicyVerdicts policies;

    public Reconciler(Database db, Catalog catalog, WorkspaceRunner runner) {
        this(db, catalog, runner, null, List.of());
    }

    private Reconciler(Database db, Catalog catalog, WorkspaceRunner runner, ReviewedPlans reviewed,
            List<IgnoreRule> driftIgnore) {
        this.db = db;
        this.catalog = catalog;
        this.runner = runner;
        this.reviewed = reviewed;
        this.driftIgnore = List.copyOf(driftIgnore);
        this.policies = new PolicyVerdicts(db);
    }

    /**
     * The same reconciler, whose branch plans after a pull request's merge are compared with the plan reviewed on it
     * before they apply.
     */
    public Reconciler reviewing(ReviewedPlans value) {
        return new Reconciler(db, catalog, runner, value, driftIgnore);
    }

    /** The same reconciler, with the daemon's drift ignore rules in force in every workspace. */
    public Reconciler ignoringDrift(List<IgnoreRule> rules) {
        return new Reconciler(db, catalog, runner, reviewed, rules);
    }

    public Catalog catalog() {
        return catalog;
    }

    public Database db() {
        return db;
    }

    public WorkspaceRunner runner() {
        return runner;
    }

    /** Checks for drift at the branch head; corrects it only where the workspace says on_drift: remediate. */
    public Outcome driftCheck(WorkspaceId id, Trigger trigger, Attempt attempt, Cancellation cancel) {
        return planAndAct(id, RunKind.DRIFT_CHECK, trigger, attempt, cancel, true);
    }

    /** Brings the workspace to the branch head: plan, then apply as its policy allows. */
    public Outcome reconcile(WorkspaceId id, Trigger trigger, Attempt attempt, Cancellation cancel) {
        return planAndAct(id, RunKind.PLAN, trigger, attempt, cancel, true);
    }

    /** Plans and stores, applying nothing: the plan can be approved and applied later. */
    public Outcome plan(WorkspaceId id, Trigger trigger, Cancellation cancel) {
        return planAndAct(id, RunKind.PLAN, trigger, Attempt.FIRST, cancel, false);
    }

    /** Records a human's approval of exactly the stored plan of {@code runId} (by its sha256). */
    public void approve(long runId, String who, String comment) {
        approve(runId, who, null, comment, List.of());
    }

    /** As {@link #approve(long, String, String)}, recording how {@code who} was authenticated ({@code via}). */
    public void approve(long runId, String who, String via, String comment) {
        approve(runId, who, via, comment, List.of());
    }

    /**
     * Records a human's approval of exactly the stored plan of {@code runId} (by its sha256), with how {@code who}
     * was authenticated ({@code via}, null for the OS user of the CLI), and with it the override of each named
     * policy set, which must be a mandatory set that failed on this plan; every override is audited
     * ({@code policy.overridden}) with {@code who}. The one method the CLI's {@code approve}, the API and the
     * console call. A plan approved before may be approved again only to add overrides.
     */
    public void approve(long runId, String who, String via, String comment,
                        List<String> overridePolicies) {
        Run run = planRun(runId, "approving");
        String sha = db.plans().sha256(runId).orElseThrow(() ->
                new IllegalStateException("approving run " + runId + ": it has no stored plan"));
        alreadyApplied(runId).ifPresent(a -> {
            throw new IllegalStateException("approving run " + runId + ": its plan was already applied by run " + a.id());
        });
        List<String> sets = List.copyOf(new LinkedHashSet<>(overridePolicies));
        policies.checkOverrides(runId, sets);
        boolean approvedBefore = !sets.isEmpty() && db.approvals().find(runId)
                .filter(a -> a.planSha256().equals(sha)).isPresent();
        var results = db.policyResults().forRun(runId);
        db.inTransaction(tx -> {
            if (!approvedBefore) {
                tx.approvals().approve(runId, sha, who, via, comment);
                tx.audit().record(who, via, "plan.approved", Optional.of(run.workspace()), Optional.of(runId),
                        "approved plan sha256 " + sha);
            }
            PolicyVerdicts.record(tx, runId, run.workspace(), sha, sets, who, comment, results);
            return null;
        });
        LOG.info("run {}: plan of {} approved by {}{}", runId, run.workspace(), who,
                sets.isEmpty() ? "" : ", overriding policy sets " + sets);
    }

    /** Why the stored plan of {@code runId} may not be applied because of its policy sets, if that is so. */
    public Optional<String> policyBlock(long runId) {
        return policies.blocked(runId);
    }

    /**
     * Applies the stored plan of {@code runId} on request, only if it was approved (for exactly this plan) or its
     * workspace's policy allows it without a human, and only if it is not stale.
     */
    public Outcome apply(long runId, String who, Cancellation cancel) {
        return apply(runId, who, null, cancel);
    }

    /** As {@link #apply(long, String, Cancellation)}, recording how {@code who} was authenticated ({@code via}). */
    public Outcome apply(long runId, String who, String via, Cancellation cancel) {
        Run run = planRun(runId, "applying");
        alreadyApplied(runId).ifPresent(a -> {
            throw new PolicyRefusal("applying run " + runId + ": its plan was already applied by run " + a.id());
        });
        Catalog.RepoView view = catalog.refresh(run.workspace().repo());
        WorkspaceConfig ws = catalog.workspace(run.workspace());
        boolean stale = isStale(run, view);
        String sha = db.plans().sha256(runId).orElse(null);
        boolean approved = sha != null && db.approvals().find(runId).map(a -> a.planSha256().equals(sha)).orElse(false);
        Decision d = policies.onRequest(ApplyPolicy.onRequest(rules(ws), facts(run, ws), approved, stale), runId);
        db.audit().record(who, via, d.applies() ? "apply.allowed" : "apply.refused", Optional.of(run.workspace()),
                Optional.of(runId), d.reason());
        if (!d.applies()) {
            throw new PolicyRefusal("applying run " + runId + ": " + d.reason());
        }
        RunResult applied = runner.apply(runId, source(ws, run.commitSha()), Trigger.MANUAL, cancel);
        return new Outcome(run.workspace(), result(run), d, applied);
    }

    private Outcome planAndAct(WorkspaceId id, RunKind kind, Trigger trigger, Attempt attempt, Cancellation cancel,
            boolean act) {
        Catalog.RepoView view = catalog.recent(id.repo(), FRESH_ENOUGH);
        if (!db.repoHeads().lastSeen(id.repo()).map(view.revision().commit()::equals).orElse(true)) {
            // Another daemon recorded a head this one has not fetched yet, and may have queued this run for it:
            // planning the recent fetch would plan an older commit and take the change for applied.
            view = catalog.refresh(id.repo());
        }
        WorkspaceConfig ws = catalog.workspace(id);
        String commit = view.revision().commit();
        RunResult plan = runner.plan(source(ws, commit), kind, trigger, attempt, cancel);
        if (!plan.succeeded()) {
            return new Outcome(id, plan, new Decision(Decision.Verdict.REFUSE, "the plan did not complete"), null);
        }
        Run run = db.runs().find(plan.runId()).orElseThrow(() ->
                new IllegalStateException("reading run " + plan.runId() + ": it is not stored"));
        Decision d = act ? policies.afterPlan(ApplyPolicy.afterPlan(rules(ws), facts(run, ws)), plan.runId())
                : new Decision(Decision.Verdict.AWAIT_APPROVAL, "plan only");
        // graded self-healing: outside its guards, or undoing ignored drift, an automatic apply waits for a person
        Decision guarded = new RemediationCheck(db).guard(run, ws.drift(), d);
        if (d.applies() && !guarded.applies() && kind == RunKind.DRIFT_CHECK && runner.notifier() != null) {
            runner.notifier().remediationHeld(id, plan.runId(), plan.drift().stream().filter(f -> f.isDrift())
                    .map(f -> f.address()).distinct().toList(), guarded.reason());
        }
        d = guarded;
        ReviewedPlans r = reviewed;
        if (r != null && act && kind == RunKind.PLAN) {
            Optional<String> hold = r.holdBack(id, plan.runId(), commit);
            if (hold.isPresent() && d.applies()) {
                d = new Decision(Decision.Verdict.AWAIT_APPROVAL, hold.get());
            }
        }
        db.audit().record("plumbline", "plan.decision", Optional.of(id), Optional.of(plan.runId()),
                d.verdict().name().toLowerCase(Locale.ROOT) + ": " + d.reason());
        if (!d.applies()) {
            LOG.info("run {}: {} is {}; {}", plan.runId(), id, plan.classification().wire(), d.reason());
            return new Outcome(id, plan, d, null);
        }
        RunResult applied = runner.apply(plan.runId(), source(ws, commit), trigger, cancel);
        if (r != null) {
            r.applied(id, plan.runId(), applied);
        }
        if (!applied.succeeded() && applied.error() != null && applied.error().contains("Saved plan is stale")
                && attempt.number() == 1 && !cancel.isCancelled()) {
            // The state moved between plan and apply (another apply got there first): plan again, once.
            LOG.info("run {}: the saved plan of run {} is stale; planning {} again", applied.runId(), plan.runId(), id);
            return planAndAct(id, kind, trigger, attempt.next(plan.runId()), cancel, act);
        }
        return new Outcome(id, plan, d, applied);
    }

    /**
     * Fetches a repo and lists the workspaces its new commits change, recording the new head in one transaction
     * with what {@code queue} writes for them: see {@link RepoChanges}.
     */
    public List<WorkspaceId> changedWorkspaces(String repo) {
        return new RepoChanges(db, catalog).since(repo, (tx, affected) -> { });
    }

    public List<WorkspaceId> changedWorkspaces(String repo,
            BiConsumer<Tx, List<WorkspaceId>> queue) {
        return new RepoChanges(db, catalog).since(repo, queue);
    }

    public WorkspaceSource source(WorkspaceConfig ws, String commit) {
        // Values that name a secret in AWS are resolved at run time, as secrets; the rest are plain variables.
        Map<String, String> plain = new TreeMap<>();
        Map<String, String> secret = new TreeMap<>();
        ws.variables().forEach((k, v) -> (SecretResolver.isReference(v) ? secret : plain).put(k, v));
        return new WorkspaceSource(ws.id(), catalog.treeFor(ws, commit), ws.dir(), commit, ws.tool(), plain, secret,
                ws.varFiles(), ws.aws(), ws.backendConfig(), ws.drift().ignoringFirst(driftIgnore));
    }

    private PlanFacts facts(Run run, WorkspaceConfig ws) {
        int destroy = run.counts() == null ? 0 : run.counts().destroy();
        return new PlanFacts(run.id(), run.kind(), run.classification(), destroy, run.commitSha(),
                carriesUnappliedCommit(run, ws));
    }

    /** Whether the plan's commit changes this workspace compared with the last commit applied to it. */
    private boolean carriesUnappliedCommit(Run run, WorkspaceConfig ws) {
        Optional<Run> lastApply = db.runs().list(Optional.of(ws.id()), 200).stream()
                .filter(r -> r.kind() == RunKind.APPLY && r.status() == RunStatus.SUCCEEDED).findFirst();
        if (lastApply.isEmpty() || lastApply.get().commitSha() == null || run.commitSha() == null) {
            return lastApply.isEmpty();
        }
        String applied = lastApply.get().commitSha();
        if (applied.equals(run.commitSha())) {
            return false;
        }
        Catalog.RepoView view = catalog.current(ws.id().repo());
        return view.settings().affectedBy(catalog.changedFiles(ws.id().repo(), applied, run.commitSha()))
                .contains(ws.id());
    }

    /** Stale: the branch moved on and the new commits change this workspace. */
    private boolean isStale(Run run, Catalog.RepoView view) {
        String head = view.revision().commit();
        if (run.commitSha() == null || run.commitSha().equals(head)) {
            return false;
        }
        return view.settings().affectedBy(catalog.changedFiles(run.workspace().repo(), run.commitSha(), head))
                .contains(run.workspace());
    }

    private static ApplyRules rules(WorkspaceConfig ws) {
        return new ApplyRules(ws.apply() == ApplyMode.AUTO, ws.drift().onDrift() == OnDrift.REMEDIATE, ws.allowDestroy());
    }

    private Run planRun(long runId, String doing) {
        Run run = db.runs().find(runId).orElseThrow(() ->
                new IllegalArgumentException(doing + " run " + runId + ": no such run"));
        if (run.kind() == RunKind.APPLY || run.status() != RunStatus.SUCCEEDED) {
            throw new PolicyRefusal(doing + " run " + runId + ": it is a " + run.status().wire() + " "
                    + run.kind().wire() + " run, not a successful plan");
        }
        return run;
    }

    private Optional<Run> alreadyApplied(long planRunId) {
        return db.runs().appliesOf(planRunId).stream().filter(r -> r.status() == RunStatus.SUCCEEDED).findFirst();
    }

    private RunResult result(Run r) {
        return new RunResult(r.id(), r.workspace(), r.status(), r.classification(), db.drift().forRun(r.id()),
                r.errorMessage());
    }

    /** A request the policy refuses: the message says why and what to do. */
    public static final class PolicyRefusal extends PlumblineException {
        public PolicyRefusal(String message) {
            super(message);
        }
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.plan.PlanAnalysis;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.PlanReader;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.Redactor;
import dev.plumbline.runner.Tofu;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.store.StoredPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of one workspace: source -> run directory -> tofu -> plan analysis -> store. The steps are here and share
 * one {@link RunContext}; the run row's rule (written first, finished exactly once) is {@link RunRecords}', the tool
 * and its environment {@link RunTools}', a drift check's notification {@link DriftReport}'s (in the run's finishing
 * transaction), and what follows a finished run is each {@link AfterRun}'s (the S3 archive).
 */
public final class WorkspaceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRunner.class);

    private final Database db;
    private final Path dataDir;
    private final RunTools tools;
    private final RunRecords records;
    private final PlanSteps planSteps;
    private final List<AfterRun> afterRun;
    private final Duration lockTimeout;
    /** Null when no channel is configured. */
    private final DriftNotifier notifier;
    private volatile boolean leftoversRemoved;

    public WorkspaceRunner(Database db, Toolchain toolchain, Path dataDir, Map<String, String> parentEnv) {
        this(db, toolchain, dataDir, parentEnv, RunOptions.NONE);
    }

    /**
     * {@code options}: AWS access gives runs their workspace's role credentials and secret variables; the archive
     * copies every stored plan (still encrypted) and run log to S3, so history outlives the VM; plans attach to the
     * long-running providers instead of starting their own (plans only, never apply).
     */
    public WorkspaceRunner(Database db, Toolchain toolchain, Path dataDir, Map<String, String> parentEnv,
            RunOptions options) {
        this(db, toolchain, dataDir, parentEnv, options, PlanPolicies.NONE);
    }

    /** {@code policies}: the policy sets each plan that could be applied is checked against. */
    public WorkspaceRunner(Database db, Toolchain toolchain, Path dataDir, Map<String, String> parentEnv,
            RunOptions options, PlanPolicies policies) {
        this.db = db;
        this.dataDir = dataDir;
        this.tools = new RunTools(toolchain, dataDir, parentEnv, options.cloud(), options.providers());
        this.records = new RunRecords(db, options.owner());
        List<AfterRun> after = new ArrayList<>();
        if (options.archive() != null) {
            after.add(new RunArchiver(db, options.archive()));
        }
        this.afterRun = List.copyOf(after);
        this.lockTimeout = options.lockTimeout();
        this.notifier = options.notifier();
        DriftReport report = new DriftReport(options.notifier(), Clock.systemUTC());
        this.planSteps = new PlanSteps(db, records, tools, lockTimeout, report, policies);
    }

    /** The notifier finished drift checks report to; null without channels. */
    DriftNotifier notifier() {
        return notifier;
    }

    /**
     * Deletes run directories a killed process left behind (with an unencrypted plan file); the daemon calls it
     * on start, after marking the runs cut off by its last stop interrupted. Done before the first run otherwise,
     * so a CLI command cleans up too.
     */
    public int removeLeftovers() {
        leftoversRemoved = true;
        return RunLeftovers.remove(dataDir, db);
    }

    /** A cleanup that fails is logged: it must not stop the run. */
    private void removeLeftoversOnce() {
        if (!leftoversRemoved) {
            try {
                removeLeftovers();
            } catch (RuntimeException e) {
                LOG.warn("removing leftover run directories: {}", e.getMessage());
            }
        }
    }

    /** Plans a workspace (kind PLAN, DRIFT_CHECK or REFRESH_ONLY), stores plan, analysis and drift findings. */
    public RunResult plan(WorkspaceSource source, RunKind kind, Trigger trigger, Cancellation cancel) {
        return plan(source, kind, trigger, Attempt.FIRST, cancel);
    }

    public RunResult plan(WorkspaceSource source, RunKind kind, Trigger trigger, Attempt attempt, Cancellation cancel) {
        return finished(kind, source, planRun(source, kind, trigger, attempt, cancel, null));
    }

    /**
     * A pull request's plan: after init, {@code fmt -check} (differences are a failed check, reported, and the plan
     * still runs) and {@code validate} (a workspace that does not validate fails with the tool's message and is not
     * planned), then the plan, stored as any other.
     */
    public ReviewResult review(WorkspaceSource source, Trigger trigger, Cancellation cancel) {
        ReviewChecks checks = new ReviewChecks();
        RunResult r = finished(RunKind.PLAN, source,
                planRun(source, RunKind.PLAN, trigger, Attempt.FIRST, cancel, checks));
        return new ReviewResult(r, checks.fmtProblems(), checks.validationMessage(), checks.invalid());
    }

    private RunResult planRun(WorkspaceSource source, RunKind kind, Trigger trigger, Attempt attempt,
            Cancellation cancel, ReviewChecks checks) {
        if (kind == RunKind.APPLY) {
            throw new IllegalArgumentException("plan of " + source.id() + ": an apply needs a stored plan, use apply()");
        }
        removeLeftoversOnce();
        String version = tools.toolVersion(source);
        db.workspaces().ensure(source.id(), source.dir(), source.tool());
        long runId = records.start(new NewRun(source.id(), kind, trigger, source.commit(), source.tool(), version,
                attempt.number(), attempt.retryOf()));
        Runnable unwatch = records.watch(runId, cancel);
        try (MDC.MDCCloseable w = MDC.putCloseable("workspace", source.id().toString());
                MDC.MDCCloseable r = MDC.putCloseable("run_id", String.valueOf(runId));
                RunContext run = open(new RunContext.Start(runId, source, version, cancel))) {
            LOG.info("run {}: {} of {} started ({})", runId, kind.wire(), source.id(), trigger.wire());
            return init(run) ? planSteps.run(run, kind, checks) : records.result(runId);
        } catch (RuntimeException | Error e) {
            return records.failUnexpectedly(runId, e);
        } finally {
            unwatch.run();
        }
    }

    private RunContext open(RunContext.Start start) {
        return new RunContext(start, db, dataDir, tools);
    }

    /**
     * Applies the plan stored by run {@code planRunId}, exactly as planned: the saved plan file, never a new plan.
     * Whether it may be applied (approval, policy, staleness) is decided before calling this.
     */
    public RunResult apply(long planRunId, WorkspaceSource source, Trigger trigger, Cancellation cancel) {
        return finished(RunKind.APPLY, source, applyRun(planRunId, source, trigger, cancel));
    }

    private RunResult applyRun(long planRunId, WorkspaceSource source, Trigger trigger, Cancellation cancel) {
        Run planned = applicablePlan(planRunId, source);
        StoredPlan stored = db.plans().find(planRunId)
                .orElseThrow(() -> new IllegalStateException("apply: run " + planRunId + " has no stored plan"));
        removeLeftoversOnce();
        String version = tools.toolVersion(source);
        long runId = records.start(new NewRun(source.id(), RunKind.APPLY, trigger, planned.commitSha(),
                source.tool(), version, 1, null));
        db.runs().linkPlan(runId, planRunId);
        db.audit().record("plumbline", "apply.started", Optional.of(source.id()), Optional.of(runId),
                "applies the plan of run " + planRunId + " (sha256 " + stored.sha256() + ")");
        Runnable unwatch = records.watch(runId, cancel);
        try (MDC.MDCCloseable w = MDC.putCloseable("workspace", source.id().toString());
                MDC.MDCCloseable r = MDC.putCloseable("run_id", String.valueOf(runId));
                RunContext run = open(new RunContext.Start(runId, source, version, cancel))) {
            return init(run) ? applySteps(run, planned, stored) : records.result(runId);
        } catch (RuntimeException | Error e) {
            return records.failUnexpectedly(runId, e);
        } finally {
            unwatch.run();
        }
    }

    /** The plan run, if it is a successful plan of this workspace that no apply has used yet. */
    private Run applicablePlan(long planRunId, WorkspaceSource source) {
        Run planned = db.runs().find(planRunId)
                .orElseThrow(() -> new IllegalArgumentException("apply: run " + planRunId + " does not exist"));
        if (!planned.workspace().equals(source.id())) {
            throw new IllegalArgumentException("apply: run " + planRunId + " planned " + planned.workspace()
                    + ", not " + source.id());
        }
        if (planned.status() != RunStatus.SUCCEEDED || planned.kind() == RunKind.APPLY) {
            throw new IllegalStateException("apply: run " + planRunId + " is a " + planned.status().wire() + " "
                    + planned.kind().wire() + ", not a successful plan");
        }
        db.runs().appliesOf(planRunId).stream().filter(r -> r.status() == RunStatus.SUCCEEDED).findFirst()
                .ifPresent(r -> {
                    throw new IllegalStateException("apply: the plan of run " + planRunId
                            + " was already applied by run " + r.id());
                });
        return planned;
    }

    /** After init, the apply of exactly the stored plan file; success and its audit entry in one transaction. */
    private RunResult applySteps(RunContext run, Run planned, StoredPlan stored) {
        long runId = run.runId();
        long planRunId = planned.id();
        run.dir().writePlan(stored.planfile());
        run.log().note("plumbline: applying the plan of run " + planRunId);
        tools.refreshCredentials(run.source(), run.tofu());
        CommandResult apply = run.tofu().apply(run.dir().workDir(), run.dir().planFile()).lockTimeout(lockTimeout)
                .call(run.log(), run.cancel());
        if (!apply.succeeded()) {
            return records.fail(runId, run.log(), apply, null, run.cancel());
        }
        var index = StateIndex.ofState(run.timed(run.tofu().showStateJson(run.dir().workDir())
                .call(run.log(), run.cancel())), runId, run.tofu().redactor());
        run.log().flush();
        db.inTransaction(tx -> {
            StateIndex.record(tx, RunKind.APPLY, run, index);
            tx.runs().finish(runId, RunOutcome.succeeded(apply.exitCode(), null, planned.counts()));
            tx.audit().record("plumbline", "apply.succeeded", Optional.of(run.source().id()), Optional.of(runId),
                    "applied the plan of run " + planRunId);
            return null;
        });
        LOG.info("run {}: applied the plan of run {} to {}", runId, planRunId, run.source().id());
        return records.result(runId);
    }

    /** Runs init unless the workspace's data directory was already initialised for exactly these inputs. */
    private boolean init(RunContext run) {
        RunDirectory dir = run.dir();
        Tofu tofu = run.tofu();
        InitCache cache = run.cache();
        cache.provideLockFile(dir.workDir());
        List<String> backend = run.source().backendConfig().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        String fingerprint = InitCache.fingerprint(dir.workDir(), tofu.tool().command(), run.version(), backend);
        if (cache.isCurrent(fingerprint)) {
            run.log().note("plumbline: init skipped: providers, modules and backend are unchanged since the last init");
            return true;
        }
        run.log().note("plumbline: " + tofu.tool().command() + " init");
        cache.invalidate();
        var initCommand = tofu.init(dir.workDir());
        backend.forEach(kv -> initCommand.arg("-backend-config=" + kv));
        CommandResult init = run.timed(initCommand.call(run.log(), run.cancel()));
        if (!init.succeeded()) {
            records.fail(run.runId(), run.log(), init, null, run.cancel());
            return false;
        }
        cache.recordInit(dir.workDir(), fingerprint);
        return true;
    }

    /** What follows a finished run (the archive) never changes its outcome. */
    private RunResult finished(RunKind kind, WorkspaceSource source, RunResult result) {
        for (AfterRun a : afterRun) {
            a.finished(kind, source, result);
        }
        return result;
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.plan.PlanAnalysis;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.PlanReader;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one workspace: source -> run directory -> tofu -> plan analysis -> store. The steps are here; the run
 * row's rule (written first, finished exactly once) is {@link RunRecords}', the tool and its environment
 * {@link RunTools}', and what follows a finished run (the S3 archive) {@link RunArchiver}'s.
 */
public final class WorkspaceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRunner.class);

    private final Database db;
    private final Path dataDir;
    private final RunTools tools;
    private final RunRecords records;
    private final RunArchiver archiver;
    private final Duration lockTimeout;
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
        this.db = db;
        this.dataDir = dataDir;
        this.tools = new RunTools(toolchain, dataDir, parentEnv, options.cloud(), options.providers());
        this.records = new RunRecords(db);
        this.archiver = options.archive() == null ? null : new RunArchiver(db, options.archive());
        this.lockTimeout = options.lockTimeout();
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
        RunResult r = planRun(source, kind, trigger, attempt, cancel, null);
        archiveRun(r.runId(), source);
        return r;
    }

    /**
     * A pull request's plan: after init, {@code fmt -check} (differences are a failed check, reported, and the plan
     * still runs) and {@code validate} (a workspace that does not validate fails with the tool's message and is not
     * planned), then the plan, stored as any other.
     */
    public ReviewResult review(WorkspaceSource source, Trigger trigger, Cancellation cancel) {
        ReviewChecks checks = new ReviewChecks();
        RunResult r = planRun(source, RunKind.PLAN, trigger, Attempt.FIRST, cancel, checks);
        archiveRun(r.runId(), source);
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
        LOG.info("run {}: {} of {} started ({})", runId, kind.wire(), source.id(), trigger.wire());
        long started = System.nanoTime();
        try (StoredLog log = new StoredLog(db, runId); InitCache cache = InitCache.open(dataDir, source.id());
                RunDirectory dir = RunDirectory.prepare(dataDir, runId, source)) {
            Tofu tofu = tools.tofu(source, dir, cache, log);
            RunTools.requireVersion(version, tofu);
            ToolClock clock = new ToolClock();
            if (!init(source, tofu, dir, cache, version, log, cancel, runId, clock)) {
                return records.result(runId);
            }
            if (checks != null) {
                ReviewChecks.Verdict verdict = checks.run(tofu, dir.sourceRoot(), dir.workDir(), log, cancel);
                if (verdict == ReviewChecks.Verdict.BROKEN) {
                    return records.fail(runId, log, checks.broken(), null, cancel);
                }
                if (verdict == ReviewChecks.Verdict.INVALID) {
                    log.flush();
                    db.runs().finish(runId, RunOutcome.failed(1, checks.validationMessage()));
                    LOG.info("run {}: {} does not validate", runId, source.id());
                    return records.result(runId);
                }
            }
            var planCommand = kind == RunKind.REFRESH_ONLY
                    ? tofu.refreshOnlyPlan(dir.workDir(), dir.planFile())
                    : tofu.plan(dir.workDir(), dir.planFile());
            source.varFiles().forEach(f -> planCommand.varFile(dir.workDir().resolve(f)));
            log.note("plumbline: " + String.join(" ", planCommand.args()));
            tools.refreshCredentials(source, tofu);
            tools.attachProviders(tofu, dir);
            CommandResult plan = clock.add(planCommand.lockTimeout(lockTimeout).call(log, cancel));
            if (!plan.planSucceeded()) {
                return records.fail(runId, log, plan, Classification.ERRORED, cancel);
            }
            if (plan.exitCode() == 0) {
                // -detailed-exitcode 0: an empty diff, so no change, no relevant drift and no output change.
                // There is nothing to show, and skipping show -json saves a second start of tofu and its providers.
                byte[] planFile = dir.readPlan();
                log.flush();
                db.inTransaction(tx -> {
                    tx.plans().save(runId, planFile, "{}", "No changes. The real resources match the configuration.");
                    tx.runs().finish(runId, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
                    return null;
                });
                db.runs().recordTimings(runId, Duration.ofNanos(System.nanoTime() - started), clock.total());
                LOG.info("run {}: {} is in_sync", runId, source.id());
                return records.result(runId);
            }
            CommandResult show = clock.add(tofu.showJson(dir.workDir(), dir.planFile()).call(log, cancel));
            if (!show.succeeded()) {
                return records.fail(runId, log, show, Classification.ERRORED, cancel);
            }
            PlanAnalysis analysis = analyze(show.stdout(), runId);
            Redactor redactor = tofu.redactor();
            List<DriftFinding> drift = analysis.driftFindings().stream()
                    .map(f -> f.withValues(redactor::redact)).toList();
            byte[] planFile = dir.readPlan();
            log.flush();
            db.inTransaction(tx -> {
                tx.plans().save(runId, planFile, redactor.redact(analysis.maskedJson()),
                        redactor.redact(analysis.text()));
                tx.drift().record(runId, source.id(), drift);
                tx.runs().finish(runId, RunOutcome.succeeded(plan.exitCode(), analysis.classification(),
                        analysis.counts()));
                return null;
            });
            db.runs().recordTimings(runId, Duration.ofNanos(System.nanoTime() - started), clock.total());
            LOG.info("run {}: {} is {} ({})", runId, source.id(), analysis.classification().wire(),
                    analysis.counts().summary());
            return records.result(runId);
        } catch (RuntimeException | Error e) {
            return records.failUnexpectedly(runId, e);
        }
    }

    /**
     * Applies the plan stored by run {@code planRunId}, exactly as planned: the saved plan file, never a new plan.
     * Whether it may be applied (approval, policy, staleness) is decided before calling this.
     */
    public RunResult apply(long planRunId, WorkspaceSource source, Trigger trigger, Cancellation cancel) {
        RunResult r = applyRun(planRunId, source, trigger, cancel);
        archiveRun(r.runId(), source);
        return r;
    }

    private RunResult applyRun(long planRunId, WorkspaceSource source, Trigger trigger, Cancellation cancel) {
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
        StoredPlan stored = db.plans().find(planRunId)
                .orElseThrow(() -> new IllegalStateException("apply: run " + planRunId + " has no stored plan"));
        removeLeftoversOnce();
        String version = tools.toolVersion(source);
        long runId = records.start(new NewRun(source.id(), RunKind.APPLY, trigger, planned.commitSha(),
                source.tool(), version, 1, null));
        db.runs().linkPlan(runId, planRunId);
        db.audit().record("plumbline", "apply.started", Optional.of(source.id()), Optional.of(runId),
                "applies the plan of run " + planRunId + " (sha256 " + stored.sha256() + ")");
        try (StoredLog log = new StoredLog(db, runId); InitCache cache = InitCache.open(dataDir, source.id());
                RunDirectory dir = RunDirectory.prepare(dataDir, runId, source)) {
            Tofu tofu = tools.tofu(source, dir, cache, log);
            RunTools.requireVersion(version, tofu);
            if (!init(source, tofu, dir, cache, version, log, cancel, runId, new ToolClock())) {
                return records.result(runId);
            }
            dir.writePlan(stored.planfile());
            log.note("plumbline: applying the plan of run " + planRunId);
            tools.refreshCredentials(source, tofu);
            CommandResult apply = tofu.apply(dir.workDir(), dir.planFile()).lockTimeout(lockTimeout).call(log, cancel);
            if (!apply.succeeded()) {
                return records.fail(runId, log, apply, null, cancel);
            }
            log.flush();
            db.inTransaction(tx -> {
                tx.runs().finish(runId, RunOutcome.succeeded(apply.exitCode(), null, planned.counts()));
                tx.audit().record("plumbline", "apply.succeeded", Optional.of(source.id()), Optional.of(runId),
                        "applied the plan of run " + planRunId);
                return null;
            });
            LOG.info("run {}: applied the plan of run {} to {}", runId, planRunId, source.id());
            return records.result(runId);
        } catch (RuntimeException | Error e) {
            return records.failUnexpectedly(runId, e);
        }
    }

    private static PlanAnalysis analyze(String showJson, long runId) {
        try {
            return PlanAnalysis.of(PlanReader.read(showJson));
        } catch (PlanFormatException e) {
            throw new IllegalStateException("reading the plan JSON of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Runs init unless the workspace's data directory was already initialised for exactly these inputs. */
    private boolean init(WorkspaceSource source, Tofu tofu, RunDirectory dir, InitCache cache, String version,
            StoredLog log, Cancellation cancel, long runId, ToolClock clock) {
        cache.provideLockFile(dir.workDir());
        List<String> backend = source.backendConfig().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        String fingerprint = InitCache.fingerprint(dir.workDir(), tofu.tool().command(), version, backend);
        if (cache.isCurrent(fingerprint)) {
            log.note("plumbline: init skipped: providers, modules and backend are unchanged since the last init");
            return true;
        }
        log.note("plumbline: " + tofu.tool().command() + " init");
        cache.invalidate();
        var initCommand = tofu.init(dir.workDir());
        backend.forEach(kv -> initCommand.arg("-backend-config=" + kv));
        CommandResult init = clock.add(initCommand.call(log, cancel));
        if (!init.succeeded()) {
            records.fail(runId, log, init, null, cancel);
            return false;
        }
        cache.recordInit(dir.workDir(), fingerprint);
        return true;
    }

    /** Adds up the time spent in tool processes, so the controller's own share of a run can be measured. */
    private static final class ToolClock {
        private Duration total = Duration.ZERO;

        CommandResult add(CommandResult r) {
            total = total.plus(r.elapsed());
            return r;
        }

        Duration total() {
            return total;
        }
    }

    /** Archiving is a copy: it follows the finished run and never changes its outcome. */
    private void archiveRun(long runId, WorkspaceSource source) {
        if (archiver != null) {
            archiver.archive(runId, source);
        }
    }
}

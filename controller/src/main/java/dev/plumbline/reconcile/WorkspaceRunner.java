package dev.plumbline.reconcile;

import dev.plumbline.aws.PlanArchive;
import dev.plumbline.aws.SecretResolver;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.plan.PlanAnalysis;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.PlanReader;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.ChildEnvironment;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.ProviderServers;
import dev.plumbline.runner.Redactor;
import dev.plumbline.runner.RunnerException;
import dev.plumbline.runner.Tofu;
import dev.plumbline.runner.ToolVersion;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftFinding;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.store.RunRecord;
import dev.plumbline.store.StoredPlan;
import dev.plumbline.util.Dirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one workspace: source -> run directory -> tofu -> plan analysis -> store. The run row is
 * written before any tool starts and finished exactly once afterwards, whatever happens in between, so a failure
 * is stored as failed with its output and a crash leaves a visible RUNNING row for the next start to mark
 * interrupted.
 */
public final class WorkspaceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRunner.class);

    private final Database db;
    private final Toolchain toolchain;
    private final Path dataDir;
    private final Map<String, String> parentEnv;
    private final Map<Path, String> toolVersions = new ConcurrentHashMap<>();
    private final CloudAccess cloud;
    private final Duration lockTimeout;
    private final PlanArchive archive;
    private final ProviderServers providers;
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
        this.toolchain = toolchain;
        this.dataDir = dataDir;
        this.parentEnv = Map.copyOf(parentEnv);
        this.cloud = options.cloud();
        this.archive = options.archive();
        this.providers = options.providers();
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
        String version = toolVersion(source);
        db.workspaces().ensure(source.id(), source.dir(), source.tool());
        long runId = db.runs().start(new NewRun(source.id(), kind, trigger, source.commit(), source.tool(), version,
                attempt.number(), attempt.retryOf()));
        LOG.info("run {}: {} of {} started ({})", runId, kind.wire(), source.id(), trigger.wire());
        long started = System.nanoTime();
        try (StoredLog log = new StoredLog(db, runId); InitCache cache = InitCache.open(dataDir, source.id());
                RunDirectory dir = RunDirectory.prepare(dataDir, runId, source)) {
            Tofu tofu = tofu(source, dir, cache, log);
            requireVersion(version, tofu);
            ToolClock clock = new ToolClock();
            if (!init(source, tofu, dir, cache, version, log, cancel, runId, clock)) {
                return result(runId);
            }
            if (checks != null) {
                ReviewChecks.Verdict verdict = checks.run(tofu, dir.sourceRoot(), dir.workDir(), log, cancel);
                if (verdict == ReviewChecks.Verdict.BROKEN) {
                    return fail(runId, log, checks.broken(), null, cancel);
                }
                if (verdict == ReviewChecks.Verdict.INVALID) {
                    log.flush();
                    db.runs().finish(runId, RunOutcome.failed(1, checks.validationMessage()));
                    LOG.info("run {}: {} does not validate", runId, source.id());
                    return result(runId);
                }
            }
            var planCommand = kind == RunKind.REFRESH_ONLY
                    ? tofu.refreshOnlyPlan(dir.workDir(), dir.planFile())
                    : tofu.plan(dir.workDir(), dir.planFile());
            source.varFiles().forEach(f -> planCommand.varFile(dir.workDir().resolve(f)));
            log.note("plumbline: " + String.join(" ", planCommand.args()));
            refreshCredentials(source, tofu);
            attachProviders(tofu, dir);
            CommandResult plan = clock.add(planCommand.lockTimeout(lockTimeout).call(log, cancel));
            if (!plan.planSucceeded()) {
                return fail(runId, log, plan, Classification.ERRORED, cancel);
            }
            if (plan.exitCode() == 0) {
                // -detailed-exitcode 0: an empty diff, so no change, no relevant drift and no output change.
                // There is nothing to show, and skipping show -json saves a second start of tofu and its providers.
                byte[] planFile = dir.readPlan();
                log.flush();
                db.inTransaction(tx -> {
                    tx.plans().save(runId, planFile, "{}", "No changes. The real resources match the configuration.");
                    tx.runs().finish(runId, RunOutcome.succeeded(0, Classification.IN_SYNC, 0, 0, 0));
                    return null;
                });
                db.runs().recordTimings(runId, Duration.ofNanos(System.nanoTime() - started), clock.total());
                LOG.info("run {}: {} is in_sync", runId, source.id());
                return result(runId);
            }
            CommandResult show = clock.add(tofu.showJson(dir.workDir(), dir.planFile()).call(log, cancel));
            if (!show.succeeded()) {
                return fail(runId, log, show, Classification.ERRORED, cancel);
            }
            PlanAnalysis analysis = analyze(show.stdout(), runId);
            Redactor redactor = tofu.redactor();
            List<DriftFinding> drift = analysis.driftFindings().stream()
                    .map(f -> new DriftFinding(f.address(), f.kind().happened(), f.path(),
                            redactor.redact(f.beforeText()), redactor.redact(f.afterText())))
                    .toList();
            byte[] planFile = dir.readPlan();
            log.flush();
            db.inTransaction(tx -> {
                tx.plans().save(runId, planFile, redactor.redact(analysis.maskedJson()),
                        redactor.redact(analysis.text()));
                tx.drift().record(runId, source.id(), drift);
                tx.runs().finish(runId, RunOutcome.succeeded(plan.exitCode(), analysis.classification(),
                        analysis.counts().add(), analysis.counts().change(), analysis.counts().destroy()));
                return null;
            });
            db.runs().recordTimings(runId, Duration.ofNanos(System.nanoTime() - started), clock.total());
            LOG.info("run {}: {} is {} ({})", runId, source.id(), analysis.classification().wire(),
                    analysis.counts().summary());
            return result(runId);
        } catch (RuntimeException | Error e) {
            return failUnexpectedly(runId, e);
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
        RunRecord planned = db.runs().find(planRunId)
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
        String version = toolVersion(source);
        long runId = db.runs().start(new NewRun(source.id(), RunKind.APPLY, trigger, planned.commitSha(),
                source.tool(), version, 1, null));
        db.runs().linkPlan(runId, planRunId);
        db.audit().record("plumbline", "apply.started", Optional.of(source.id()), Optional.of(runId),
                "applies the plan of run " + planRunId + " (sha256 " + stored.sha256() + ")");
        try (StoredLog log = new StoredLog(db, runId); InitCache cache = InitCache.open(dataDir, source.id());
                RunDirectory dir = RunDirectory.prepare(dataDir, runId, source)) {
            Tofu tofu = tofu(source, dir, cache, log);
            requireVersion(version, tofu);
            if (!init(source, tofu, dir, cache, version, log, cancel, runId, new ToolClock())) {
                return result(runId);
            }
            dir.writePlan(stored.planfile());
            log.note("plumbline: applying the plan of run " + planRunId);
            refreshCredentials(source, tofu);
            CommandResult apply = tofu.apply(dir.workDir(), dir.planFile()).lockTimeout(lockTimeout).call(log, cancel);
            if (!apply.succeeded()) {
                return fail(runId, log, apply, null, cancel);
            }
            log.flush();
            db.inTransaction(tx -> {
                tx.runs().finish(runId, RunOutcome.succeeded(apply.exitCode(), null, planned.addCount(),
                        planned.changeCount(), planned.destroyCount()));
                tx.audit().record("plumbline", "apply.succeeded", Optional.of(source.id()), Optional.of(runId),
                        "applied the plan of run " + planRunId);
                return null;
            });
            LOG.info("run {}: applied the plan of run {} to {}", runId, planRunId, source.id());
            return result(runId);
        } catch (RuntimeException | Error e) {
            return failUnexpectedly(runId, e);
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
            fail(runId, log, init, null, cancel);
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

    private Tofu tofu(WorkspaceSource source, RunDirectory dir, InitCache cache, StoredLog log) {
        ChildEnvironment env = ChildEnvironment.base(parentEnv, dir.home(), toolchain.cliConfigIfPresent());
        env.set("TF_DATA_DIR", cache.dataDir().toString());
        // A plain value of a variable the configuration declares sensitive is a secret like any other.
        SensitiveVariables sensitive = SensitiveVariables.of(source, dir.workDir());
        sensitive.notes().forEach(log::note);
        source.variables().forEach((k, v) -> {
            if (sensitive.plainSecrets().contains(k)) {
                env.secret("TF_VAR_" + k, v);
            } else {
                env.set("TF_VAR_" + k, v);
            }
        });
        sensitive.values().forEach(env::hide);
        boolean needsCloud = source.aws() != null || source.secretVariables().values().stream()
                .anyMatch(SecretResolver::isReference);
        if (needsCloud && cloud == null) {
            throw new RunnerException("workspace " + source.id() + " uses an AWS role or a secret from AWS, but the"
                    + " daemon config has no aws: section");
        }
        source.secretVariables().forEach((k, v) -> {
            if (!SecretResolver.isReference(v)) {
                env.secret("TF_VAR_" + k, v);
            }
        });
        if (cloud != null) {
            cloud.credentials(source, env);
            cloud.secretVariables(source, env);
        }
        return new Tofu(source.tool(), toolchain.binary(source.tool()), env);
    }

    private void attachProviders(Tofu tofu, RunDirectory dir) {
        ProviderServers p = providers;
        String reattach = p == null ? null : p.reattachFor(dir.workDir());
        if (reattach != null) {
            tofu.environment().set("TF_REATTACH_PROVIDERS", reattach);
        }
    }

    /** Before each tool command: role credentials that are about to expire are replaced. */
    private void refreshCredentials(WorkspaceSource source, Tofu tofu) {
        if (cloud != null && source.aws() != null) {
            cloud.credentials(source, tofu.environment());
        }
    }

    /** The version of the workspace's tool, asked once per binary; null when it cannot be run at all. */
    private String toolVersion(WorkspaceSource source) {
        Path binary = toolchain.binary(source.tool());
        String known = toolVersions.get(binary);
        if (known != null) {
            return known;
        }
        Path home = dataDir.resolve("tmp");
        try {
            Dirs.createPrivate(home);
            Tofu probe = new Tofu(source.tool(), binary, ChildEnvironment.base(parentEnv, home, null));
            String v = ToolVersion.of(probe, home);
            toolVersions.put(binary, v);
            return v;
        } catch (RunnerException | java.io.UncheckedIOException e) {
            LOG.warn("asking {} for its version: {}", binary, e.getMessage());
            return null;
        }
    }

    /** A run whose tool could not even report its version fails with the reason, inside its recorded run. */
    private static void requireVersion(String version, Tofu tofu) {
        if (version == null) {
            throw new RunnerException(tofu.tool().command() + " at " + tofu.binary() + " does not run; see plumbline doctor");
        }
    }

    private RunResult fail(long runId, StoredLog log, CommandResult r, Classification classification, Cancellation cancel) {
        boolean cancelled = r.ending() == CommandResult.Ending.CANCELLED;
        String why = cancelled ? "cancelled: " + cancel.reason()
                : StateLock.describe(r.tail()).orElseGet(r::describeFailure);
        log.note("plumbline: " + why);
        log.flush();
        RunOutcome outcome;
        if (cancelled && cancel.isShutdown()) {
            // The daemon is stopping: the run did not fail, it was cut short and may be run again.
            outcome = new RunOutcome(RunStatus.INTERRUPTED, r.exitCode(), null, null, null, null, why);
        } else if (cancelled) {
            outcome = new RunOutcome(RunStatus.CANCELLED, r.exitCode(), null, null, null, null, why);
        } else {
            outcome = new RunOutcome(RunStatus.FAILED, r.exitCode(), classification, null, null, null, why);
        }
        db.runs().finish(runId, outcome);
        LOG.warn("run {} {}: {}", runId, outcome.status().wire(), why);
        return result(runId);
    }

    private RunResult failUnexpectedly(long runId, Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.error("run {} failed: {}", runId, why, e);
        try {
            if (!db.runs().find(runId).map(r -> r.status().isFinal()).orElse(true)) {
                db.runs().finish(runId, RunOutcome.failed(null, why));
            }
        } catch (RuntimeException storeFailure) {
            e.addSuppressed(storeFailure);
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result(runId);
    }

    /** Archiving is a copy: a failure is logged and never fails the run, whose record is already stored. */
    private void archiveRun(long runId, WorkspaceSource source) {
        PlanArchive a = archive;
        if (a == null) {
            return;
        }
        try {
            db.plans().sealedPlanfile(runId).ifPresent(sealed -> {
                var plan = db.plans().find(runId).orElseThrow(() ->
                        new IllegalStateException("archiving run " + runId + ": its plan is not stored"));
                a.archivePlan(source.id(), runId, sealed, plan.maskedJson(), plan.renderedText());
            });
            a.archiveLog(source.id(), runId, db.logs().read(runId).stream()
                    .map(l -> l.stream().wire() + " " + l.text()).collect(java.util.stream.Collectors.joining("\n")));
        } catch (RuntimeException e) {
            LOG.warn("run {}: archiving to S3 failed: {}", runId, e.getMessage());
        }
    }

    private RunResult result(long runId) {
        RunRecord r = db.runs().find(runId).orElseThrow(() ->
                new IllegalStateException("reading run " + runId + ": it is not stored"));
        return new RunResult(runId, r.workspace(), r.status(), r.classification(), db.drift().forRun(runId),
                r.errorMessage());
    }

}

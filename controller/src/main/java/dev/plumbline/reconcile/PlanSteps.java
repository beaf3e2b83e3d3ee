package dev.plumbline.reconcile;

import dev.plumbline.config.IgnoreRule;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.notify.Queued;
import dev.plumbline.plan.PlanAnalysis;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.PlanReader;
import dev.plumbline.plan.SensitiveStrings;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.Redactor;
import dev.plumbline.store.Database;
import dev.plumbline.store.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a plan run once init is done: a review's checks, the plan, {@code show -json}, the analysis, and one
 * transaction that stores plan, findings, the policy sets' verdicts ({@link PlanPolicies}) and the finished run,
 * with a drift check's notification, if it is news ({@link DriftReport}). Each step may end the run through
 * {@link RunRecords}.
 */
final class PlanSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PlanSteps.class);

    private final Database db;
    private final RunRecords records;
    private final RunTools tools;
    private final Duration lockTimeout;
    private final DriftReport report;
    private final PlanPolicies policies;

    PlanSteps(Database db, RunRecords records, RunTools tools, Duration lockTimeout, DriftReport report,
            PlanPolicies policies) {
        this.db = db;
        this.records = records;
        this.tools = tools;
        this.lockTimeout = lockTimeout;
        this.report = report;
        this.policies = policies;
    }

    /** After init: a review's checks, plan, then (unless the plan is empty) show -json; each may end the run. */
    RunResult run(RunContext run, RunKind kind, ReviewChecks checks) {
        if (checks != null) {
            Optional<RunResult> stopped = reviewChecks(run, checks);
            if (stopped.isPresent()) {
                return stopped.get();
            }
        }
        RunDirectory dir = run.dir();
        var planCommand = kind == RunKind.REFRESH_ONLY
                ? run.tofu().refreshOnlyPlan(dir.workDir(), dir.planFile())
                : run.tofu().plan(dir.workDir(), dir.planFile());
        run.source().varFiles().forEach(f -> planCommand.varFile(dir.workDir().resolve(f)));
        run.log().note("plumbline: " + String.join(" ", planCommand.args()));
        tools.refreshCredentials(run.source(), run.tofu());
        tools.attachProviders(run.tofu(), dir);
        CommandResult plan = run.timed(planCommand.lockTimeout(lockTimeout).call(run.log(), run.cancel()));
        if (!plan.planSucceeded()) {
            return records.fail(run.runId(), run.log(), plan, Classification.ERRORED, run.cancel());
        }
        if (plan.exitCode() == 0) {
            return storeNoChanges(run, kind);
        }
        CommandResult show = run.timed(run.tofu().showJson(dir.workDir(), dir.planFile()).call(run.log(), run.cancel()));
        if (!show.succeeded()) {
            return records.fail(run.runId(), run.log(), show, Classification.ERRORED, run.cancel());
        }
        PlanAnalysis analysis = analyze(show.stdout(), run.runId(), run.source().drift().ignore());
        return storeAnalysis(run, kind, plan.exitCode(), analysis, checkPolicies(run, kind, show.stdout()));
    }

    /**
     * The policy sets' verdicts on a plan that could be applied (not a refresh-only plan). Their messages are
     * masked by the plan's sensitive strings and the run's secrets before they are logged or stored.
     */
    private List<PolicyResult> checkPolicies(RunContext run, RunKind kind, String showJson) {
        if (kind == RunKind.REFRESH_ONLY || !policies.any(run.source().id())) {
            return List.of();
        }
        byte[] json = showJson.getBytes(StandardCharsets.UTF_8);
        Set<String> hidden = new HashSet<>(run.tofu().environment().secretValues());
        try {
            hidden.addAll(SensitiveStrings.of(json));
        } catch (PlanFormatException e) {
            throw new IllegalStateException("reading the plan JSON of run " + run.runId() + ": " + e.getMessage(), e);
        }
        Redactor mask = Redactor.of(hidden);
        return policies.check(run.source().id(), json, mask::redact, run.cancel(), run.log()::note);
    }

    /** {@code fmt -check} and {@code validate}: a broken check fails the run, an invalid workspace ends it. */
    private Optional<RunResult> reviewChecks(RunContext run, ReviewChecks checks) {
        ReviewChecks.Verdict verdict = checks.run(run.tofu(), run.dir().sourceRoot(), run.dir().workDir(), run.log(),
                run.cancel());
        if (verdict == ReviewChecks.Verdict.BROKEN) {
            return Optional.of(records.fail(run.runId(), run.log(), checks.broken(), null, run.cancel()));
        }
        if (verdict == ReviewChecks.Verdict.INVALID) {
            run.log().flush();
            db.runs().finish(run.runId(), RunOutcome.failed(1, checks.validationMessage()));
            LOG.info("run {}: {} does not validate", run.runId(), run.source().id());
            return Optional.of(records.result(run.runId()));
        }
        return Optional.empty();
    }

    /**
     * -detailed-exitcode 0: an empty diff, so no change, no relevant drift and no output change. There is nothing
     * to show, and skipping show -json saves a second start of tofu and its providers.
     */
    private RunResult storeNoChanges(RunContext run, RunKind kind) {
        long runId = run.runId();
        byte[] planFile = run.dir().readPlan();
        run.log().flush();
        Queued notified = db.inTransaction(tx -> {
            tx.plans().save(runId, planFile, "{}", "No changes. The real resources match the configuration.");
            tx.runs().finish(runId, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
            return report.record(tx, kind, run.source().id(), run.source().drift(), runId, Classification.IN_SYNC,
                    List.of());
        });
        report.committed(notified);
        db.runs().recordTimings(runId, run.elapsed(), run.toolTime());
        LOG.info("run {}: {} is in_sync", runId, run.source().id());
        return records.result(runId);
    }

    /** Plan, masked analysis, drift findings and the finished run in one transaction; every text redacted. */
    private RunResult storeAnalysis(RunContext run, RunKind kind, int planExitCode, PlanAnalysis analysis,
            List<PolicyResult> verdicts) {
        long runId = run.runId();
        Redactor redactor = run.tofu().redactor();
        List<DriftFinding> drift = analysis.driftFindings().stream().map(f -> f.withValues(redactor::redact)).toList();
        byte[] planFile = run.dir().readPlan();
        run.log().flush();
        Queued notified = db.inTransaction(tx -> {
            tx.plans().save(runId, planFile, redactor.redact(analysis.maskedJson()), redactor.redact(analysis.text()));
            tx.drift().record(runId, run.source().id(), drift);
            tx.policyResults().record(runId, verdicts);
            tx.runs().finish(runId, RunOutcome.succeeded(planExitCode, analysis.classification(), analysis.counts()));
            // noise and ignored findings are stored, never news: they must not move the notified fingerprint
            return report.record(tx, kind, run.source().id(), run.source().drift(), runId,
                    analysis.classification(), drift.stream().filter(DriftFinding::isDrift).toList());
        });
        report.committed(notified);
        db.runs().recordTimings(runId, run.elapsed(), run.toolTime());
        LOG.info("run {}: {} is {} ({})", runId, run.source().id(), analysis.classification().wire(),
                analysis.counts().summary());
        return records.result(runId);
    }

    private static PlanAnalysis analyze(String showJson, long runId, List<IgnoreRule> ignore) {
        try {
            return PlanAnalysis.of(PlanReader.read(showJson), false, ignore);
        } catch (PlanFormatException e) {
            throw new IllegalStateException("reading the plan JSON of run " + runId + ": " + e.getMessage(), e);
        }
    }
}

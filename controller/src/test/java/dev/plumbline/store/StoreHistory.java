package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A store's history written through its own API, as a daemon leaves it: runs of every kind (a retry, an apply of
 * an approved plan), their plans, logs and drift findings, the audit log, repo heads, pull request reviews with their
 * lock and report comment, and webhook deliveries.
 */
final class StoreHistory {
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final byte[] PLANFILE = "a plan file holding db_password = hunter2".getBytes(StandardCharsets.UTF_8);

    private StoreHistory() {
    }

    /** The ids of what was written that tests look at again. */
    record Written(long planRun, long applyRun, long driftRun) { }

    static Written write(Database db) {
        db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
        db.workspaces().ensure(STAGING, "envs/staging", Tool.TERRAFORM);
        long plan = finished(db, NewRun.first(PROD, RunKind.PLAN, Trigger.PUSH, HEAD, Tool.TOFU, "1.12.6"),
                Classification.CHANGES_PENDING);
        db.plans().save(plan, PLANFILE, "{\"resource_changes\":[]}", "+ local_file.greeting");
        db.approvals().approve(plan, db.plans().sha256(plan).orElseThrow(), "alice", "looks right");
        long apply = db.runs().start(NewRun.first(PROD, RunKind.APPLY, Trigger.MANUAL, HEAD, Tool.TOFU, "1.12.6"));
        db.runs().linkPlan(apply, plan);
        db.runs().finish(apply, RunOutcome.succeeded(0, Classification.CHANGES_PENDING,
                new ResourceCounts(1, 0, 0, 0)));
        long failed = db.runs().start(NewRun.first(STAGING, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, HEAD,
                Tool.TERRAFORM, "1.5.7"));
        db.runs().finish(failed, RunOutcome.failed(1, "tofu plan failed"));
        long drift = finished(db, new NewRun(STAGING, RunKind.DRIFT_CHECK, Trigger.RETRY, HEAD, Tool.TERRAFORM,
                "1.5.7", 2, failed), Classification.DRIFTED);
        db.drift().record(drift, STAGING, List.of(
                new DriftFinding("local_file.greeting", DriftAction.UPDATE, "content", "hello", "changed by hand"),
                new DriftFinding("random_pet.name", DriftAction.DELETE, null, null, null)));
        db.driftNotifications().save(STAGING, "f".repeat(64), true, drift);
        finished(db, NewRun.first(PROD, RunKind.REFRESH_ONLY, Trigger.MANUAL, HEAD, Tool.TOFU, "1.12.6"),
                Classification.IN_SYNC);
        db.runs().recordTimings(plan, Duration.ofMillis(1200), Duration.ofMillis(900));
        db.logs().append(plan, List.of(LogLine.now(LogStream.PLUMBLINE, "plan of infra/prod"),
                LogLine.now(LogStream.STDOUT, "Plan: 1 to add, 0 to change, 0 to destroy."),
                LogLine.now(LogStream.STDERR, "a warning")));
        db.audit().record("alice", "run.approved", Optional.of(PROD), Optional.of(plan), "looks right");
        db.audit().record("plumbline", "daemon.recovered", Optional.empty(), Optional.empty(), null);
        db.repoHeads().record("infra", HEAD);
        db.validSettings().record("infra", HEAD);
        pullRequests(db, plan);
        return new Written(plan, apply, drift);
    }

    private static long finished(Database db, NewRun run, Classification classification) {
        long id = db.runs().start(run);
        db.runs().finish(id, RunOutcome.succeeded(classification == Classification.IN_SYNC ? 0 : 2,
                classification, new ResourceCounts(1, 0, 0, 0)));
        return id;
    }

    private static void pullRequests(Database db, long planRun) {
        long delivery = db.webhookDeliveries().record("github", "infra", "d-1", "pull_request",
                "{\"action\":\"opened\",\"number\":7}").orElseThrow();
        db.webhookDeliveries().claim(delivery);
        db.webhookDeliveries().finish(delivery, true, "planned 1 workspace");
        db.webhookDeliveries().record("gitlab", "infra", "u-1", "Merge Request Hook", "{\"iid\":8}");
        long review = db.pullRequestPlans().start("infra", 7, "prod", HEAD);
        db.pullRequestPlans().finish(review, planRun, PullRequestPlan.Status.PLANNED, List.of("main.tf"), null);
        db.pullRequestPlans().setNote(review, "waiting for approval");
        db.workspaceLocks().acquire("infra", "prod", 7, HEAD);
        db.pullRequestComments().recordComment("infra", 7, 4242L);
        db.pullRequestComments().recordHead("infra", 7, HEAD);
    }
}

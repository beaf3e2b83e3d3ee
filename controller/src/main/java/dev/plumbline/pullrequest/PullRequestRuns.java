package dev.plumbline.pullrequest;

import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.PullRequestWork;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReviewResult;
import dev.plumbline.reconcile.RunResult;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan.Status;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.PullRequestTarget;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.CommitState;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull request work claimed from the queue: the review of one workspace at one pull request head (plan, checks,
 * lock, status and report), and the apply of a reviewed plan. The work names its pull request head and review row
 * by data, so it runs the same on any daemon and after a restart.
 */
final class PullRequestRuns implements PullRequestWork {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestRuns.class);

    private final Database db;
    private final Catalog catalog;
    private final Reconciler reconciler;
    private final PullRequests pullRequests;
    private final PullRequestReport report;

    PullRequestRuns(Reconciler reconciler, PullRequests pullRequests, PullRequestReport report) {
        this.db = reconciler.db();
        this.catalog = reconciler.catalog();
        this.reconciler = reconciler;
        this.pullRequests = pullRequests;
        this.report = report;
    }

    @Override
    public Optional<Long> review(Work work, Cancellation cancel) {
        WorkspaceId id = work.workspace();
        PullRequestTarget pr = work.pullRequest();
        CodeHosts.Repo repo = pullRequests.hosts().repo(id.repo());
        boolean current = db.pullRequestComments().headSha(id.repo(), pr.number()).filter(pr.headSha()::equals)
                .isPresent();
        Optional<PullRequestPlan> planning = db.pullRequestPlans().atHead(id.repo(), pr.number(), pr.headSha())
                .stream().filter(r -> r.workspace().equals(id.name()) && r.status() == Status.PLANNING)
                .reduce((older, newer) -> newer.id() > older.id() ? newer : older);
        if (planning.isEmpty() && !current) {
            return Optional.empty(); // a newer head came while this one waited, and closed its review
        }
        // a review handed back by a lost daemon may find its row taken up by another state; it starts a new one
        long row = planning.isPresent() ? planning.get().id()
                : db.pullRequestPlans().start(id.repo(), pr.number(), id.name(), pr.headSha());
        Optional<WorkspaceConfig> ws = catalog.settingsAt(id.repo(), pr.headSha()).workspace(id.name());
        if (ws.isEmpty()) {
            failedBeforeRun(repo, pr, id, row, "the workspace is not in the settings at " + pr.headSha());
            return Optional.empty();
        }
        return reviewOne(repo, pr.number(), pr.headSha(), row, ws.get(), cancel);
    }

    @Override
    public Optional<Long> apply(Work work, Cancellation cancel) {
        PullRequestTarget pr = work.pullRequest();
        CodeHosts.Repo repo = pullRequests.hosts().repo(work.workspace().repo());
        PullRequestPlan row = db.pullRequestPlans().find(pr.reviewId()).orElseThrow(() -> new IllegalStateException(
                "applying review " + pr.reviewId() + " of " + work.workspace() + " for #" + pr.number()
                        + ": it is not stored"));
        return Optional.of(apply(repo, row, pr.requestedBy(), cancel));
    }

    private long apply(CodeHosts.Repo repo, PullRequestPlan row, String who, Cancellation cancel) {
        WorkspaceConfig ws = catalog.settingsAt(repo.repo(), row.headSha()).workspace(row.workspace())
                .orElseThrow(() -> new IllegalStateException("applying the reviewed plan of " + repo.repo() + "/"
                        + row.workspace() + ": the workspace is not in the settings at " + row.headSha()));
        Optional<String> blocked = reconciler.policyBlock(row.runId());
        if (blocked.isPresent()) {
            // a mandatory policy set stops a comment's apply as it stops any other
            db.pullRequestPlans().setNote(row.id(), "the apply was refused: " + blocked.get());
            db.audit().record(who, "apply.refused", Optional.of(ws.id()), Optional.of(row.runId()), blocked.get());
            report.update(repo, row.number(), null);
            return row.runId();
        }
        RunResult applied = reconciler.runner().apply(row.runId(), reconciler.source(ws, row.headSha()),
                Trigger.PULL_REQUEST, cancel);
        db.pullRequestPlans().applied(row.id(), applied.runId(), applied.succeeded());
        db.audit().record(who, applied.succeeded() ? "apply.succeeded" : "apply.failed", Optional.of(ws.id()),
                Optional.of(applied.runId()), "applied from pull request #" + row.number() + " the plan of run "
                        + row.runId());
        report.status(repo, row.headSha(), ws.id(), applied.succeeded() ? CommitState.SUCCESS : CommitState.FAILURE,
                applied.succeeded() ? "applied" : "apply failed", applied.runId());
        report.update(repo, row.number(), null);
        return applied.runId();
    }

    private Optional<Long> reviewOne(CodeHosts.Repo repo, int number, String head, long row, WorkspaceConfig ws,
                                     Cancellation cancel) {
        if (!db.pullRequestComments().headSha(repo.repo(), number).filter(head::equals).isPresent()) {
            db.pullRequestPlans().setStatus(row, Status.CLOSED); // a newer head came while this one waited
            return Optional.empty();
        }
        ReviewResult r;
        try {
            r = reconciler.runner().review(reconciler.source(ws, head), Trigger.PULL_REQUEST, cancel);
        } catch (RuntimeException e) {
            LOG.error("planning {} for {} #{}: {}", ws.id(), repo.repo(), number, e.getMessage());
            failedBeforeRun(repo, PullRequestTarget.head(number, head), ws.id(), row, e.getMessage());
            return Optional.empty();
        }
        Status status = r.invalid() ? Status.INVALID : r.run().succeeded() ? Status.PLANNED : Status.FAILED;
        db.pullRequestPlans().finish(row, r.run().runId(), status, r.fmtProblems(),
                r.validationMessage().isEmpty() ? null : r.validationMessage());
        String lockNote = "";
        if (status == Status.PLANNED && changes(r.run().classification())) {
            WorkspaceLock lock = db.workspaceLocks().acquire(repo.repo(), ws.id().name(), number, head);
            lockNote = lock.number() == number ? "" : "; apply waits for #" + lock.number();
        } else {
            pullRequests.releaseLock(repo.repo(), ws.id().name(), number);
        }
        report.status(repo, head, ws.id(), state(status, r), describe(status, r) + lockNote, r.run().runId());
        if (status == Status.PLANNED) {
            report.policyStatus(repo, head, ws.id(), r.run().runId());
        }
        report.update(repo, number, null);
        return Optional.of(r.run().runId());
    }

    private void failedBeforeRun(CodeHosts.Repo repo, PullRequestTarget pr, WorkspaceId id, long row, String why) {
        db.pullRequestPlans().finish(row, null, Status.FAILED, List.of(), null);
        db.pullRequestPlans().setNote(row, "planning failed before its run started: " + why);
        report.status(repo, pr.headSha(), id, CommitState.ERROR, "planning failed", null);
        report.update(repo, pr.number(), null);
    }

    static boolean changes(Classification c) {
        return c == Classification.CHANGES_PENDING || c == Classification.DRIFTED || c == Classification.OUTPUT_ONLY;
    }

    private static CommitState state(Status status, ReviewResult r) {
        if (status != Status.PLANNED) {
            return r.run().status() == RunStatus.FAILED ? CommitState.FAILURE : CommitState.ERROR;
        }
        return r.fmtProblems().isEmpty() ? CommitState.SUCCESS : CommitState.FAILURE;
    }

    private String describe(Status status, ReviewResult r) {
        return switch (status) {
            case INVALID -> "validation failed";
            case FAILED -> "plan failed";
            default -> db.runs().find(r.run().runId()).map(run -> planned(run.counts())).orElse("planned")
                    + (r.fmtProblems().isEmpty() ? "" : "; fmt -check failed");
        };
    }

    private static String planned(ResourceCounts counts) {
        ResourceCounts c = counts == null ? ResourceCounts.NONE : counts;
        return "plan: " + c.add() + " to add, " + c.change() + " to change, " + c.destroy() + " to destroy";
    }
}

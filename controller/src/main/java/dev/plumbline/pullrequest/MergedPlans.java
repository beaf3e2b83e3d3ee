package dev.plumbline.pullrequest;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.ReviewedPlans;
import dev.plumbline.reconcile.RunResult;
import dev.plumbline.source.GitMirror;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan.Status;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.StoredPlan;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.util.List;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the branch plan after a merge with the plan reviewed on the merged pull request. The reviewers approved
 * what they saw: when the branch plans something else (the state moved, another merge came first), the branch plan
 * waits for an approval instead of being applied by policy, and the pull request's report says so.
 *
 * <p>The merged pull request is the one whose reviewed head commit the branch now contains; with a squash merge it
 * is not contained, and the pull request is known from its merge event instead.
 */
public final class MergedPlans implements ReviewedPlans {
    private static final Logger LOG = LoggerFactory.getLogger(MergedPlans.class);

    private final Database db;
    private final Catalog catalog;
    private final CodeHosts hosts;
    private final PullRequestReport report;

    MergedPlans(Database db, Catalog catalog, CodeHosts hosts, PullRequestReport report) {
        this.db = db;
        this.catalog = catalog;
        this.hosts = hosts;
        this.report = report;
    }

    /**
     * The merged-plan check of the repos in {@code hosts}, with the one report every pull request's comment goes
     * through; {@code baseUrl} is where run links point (asked each time, since the HTTP server learns its port
     * after it starts).
     */
    public static MergedPlans of(Database db, Catalog catalog, CodeHosts hosts, Supplier<URI> baseUrl) {
        return new MergedPlans(db, catalog, hosts, new PullRequestReport(db, hosts, baseUrl));
    }

    CodeHosts hosts() {
        return hosts;
    }

    PullRequestReport report() {
        return report;
    }

    @Override
    public Optional<String> holdBack(WorkspaceId ws, long branchPlanRunId, String commit) {
        Optional<CodeHosts.Repo> repo = hosts.forRepo(ws.repo());
        if (repo.isEmpty()) {
            return Optional.empty();
        }
        Optional<PullRequestPlan> reviewed = mergedInto(ws, commit);
        if (reviewed.isEmpty()) {
            return Optional.empty();
        }
        PullRequestPlan row = reviewed.get();
        PlanShape branch = shape(branchPlanRunId);
        // a plan applied from the pull request before the merge leaves nothing for the branch to do
        PlanShape expected = row.applyRunId() != null ? new PlanShape(List.of()) : shape(row.runId());
        if (branch.equals(expected)) {
            db.pullRequestPlans().setStatus(row.id(), Status.LANDED);
            db.pullRequestPlans().setNote(row.id(), "merged; the plan on the branch (run " + branchPlanRunId
                    + ") matches the plan reviewed here.");
            report.update(repo.get(), row.number(), null);
            return Optional.empty();
        }
        String why = "the plan on the branch after merging #" + row.number() + " (run " + branchPlanRunId
                + ") differs from the plan reviewed on it (run " + row.runId() + ") at "
                + String.join(", ", branch.differingAddresses(expected));
        db.pullRequestPlans().setStatus(row.id(), Status.DIVERGED);
        db.pullRequestPlans().setNote(row.id(), "after the merge, the plan on the branch ([run " + branchPlanRunId
                + "](" + report.runUrl(branchPlanRunId) + ")) differs from the plan reviewed here, at "
                + String.join(", ", branch.differingAddresses(expected)) + ": it waits for an approval instead of "
                + "being applied (`plumbline approve " + branchPlanRunId + "`, then `plumbline apply "
                + branchPlanRunId + "`).");
        db.audit().record("plumbline", "plan.diverged", Optional.of(ws), Optional.of(branchPlanRunId), why);
        report.update(repo.get(), row.number(), null);
        LOG.warn("run {}: {}; waiting for an approval", branchPlanRunId, why);
        return Optional.of(why + "; it waits for an approval");
    }

    @Override
    public void applied(WorkspaceId ws, long branchPlanRunId, RunResult apply) {
        Optional<CodeHosts.Repo> repo = hosts.forRepo(ws.repo());
        if (repo.isEmpty()) {
            return;
        }
        db.pullRequestPlans().ofWorkspace(ws.repo(), ws.name(), Status.LANDED).stream().findFirst().ifPresent(row -> {
            db.pullRequestPlans().applied(row.id(), apply.runId(), apply.succeeded());
            db.pullRequestPlans().setNote(row.id(), (apply.succeeded() ? "applied after the merge by run "
                    : "the apply after the merge failed, run ") + apply.runId() + ".");
            report.update(repo.get(), row.number(), null);
        });
    }

    /** The newest review of the workspace that this branch commit merged. */
    private Optional<PullRequestPlan> mergedInto(WorkspaceId ws, String commit) {
        GitMirror mirror = catalog.mirror(ws.repo());
        List<PullRequestPlan> candidates = db.pullRequestPlans().ofWorkspace(ws.repo(), ws.name(), Status.PLANNED,
                Status.APPLIED, Status.MERGED);
        for (PullRequestPlan row : candidates) {
            boolean current = db.pullRequestComments().headSha(ws.repo(), row.number())
                    .filter(row.headSha()::equals).isPresent();
            if (current && row.runId() != null && mirror.resolve(row.headSha()).isPresent()
                    && mirror.isAncestor(row.headSha(), commit)) {
                return Optional.of(row);
            }
        }
        return candidates.stream().filter(r -> r.status() == Status.MERGED && r.runId() != null).findFirst();
    }

    private PlanShape shape(long runId) {
        return PlanShape.of(db.plans().find(runId).map(StoredPlan::maskedJson).orElse("{}"));
    }
}

package dev.plumbline.pullrequest;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.discovery.RepoWorkspaces;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReviewResult;
import dev.plumbline.reconcile.RunResult;
import dev.plumbline.reconcile.WorkspaceRunner;
import dev.plumbline.reconcile.WorkspaceRuns;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.source.GitMirror;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan.Status;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.Command;
import dev.plumbline.vcs.CommitState;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull requests, from the first push to the merge. A new head commit is fetched into the mirror, the workspaces the
 * pull request changes (from where it branched off to its head, by the settings at its head) are reviewed in the run
 * queue, and one report comment is kept up to date with their plans, plus a commit status per workspace. A
 * workspace whose pull request plan would change something is locked by that pull request for apply until it is
 * merged or closed. The merge itself is applied by the branch's own path ({@link Reconciler}), which first checks
 * that the branch plan is the one reviewed here ({@link MergedPlans}).
 */
public final class PullRequests {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequests.class);
    private static final Status[] OPEN_REVIEWS = {Status.PLANNING, Status.PLANNED, Status.FAILED, Status.INVALID,
        Status.APPLIED, Status.APPLY_FAILED};

    private final Database db;
    private final Catalog catalog;
    private final Reconciler reconciler;
    private final WorkspaceRunner runner;
    private final CodeHosts hosts;
    private final WorkspaceRuns runs;
    private final PullRequestReport report;
    private final CommentCommands commands;
    /** One review of a pull request is set up at a time: a webhook and a poll may see the same new head. */
    private final java.util.Map<String, Object> perPullRequest = new java.util.concurrent.ConcurrentHashMap<>();
    private final Consumer<String> branchMoved;

    /**
     * Reviews run through {@code reconciler}'s store and runner, in {@code runs}, and are reported through the report
     * of {@code merged} (the reconciler's {@link Reconciler#reviewing reviewed plans}); {@code branchMoved} is called
     * with the repo when a merge moved its tracked branch, so the branch is planned and applied.
     */
    public PullRequests(Reconciler reconciler, MergedPlans merged, WorkspaceRuns runs, Consumer<String> branchMoved) {
        this.db = reconciler.db();
        this.catalog = reconciler.catalog();
        this.reconciler = reconciler;
        this.runner = reconciler.runner();
        this.hosts = merged.hosts();
        this.runs = runs;
        this.branchMoved = branchMoved;
        this.report = merged.report();
        this.commands = new CommentCommands(db, this, report);
    }

    public CodeHosts hosts() {
        return hosts;
    }

    /**
     * Reviews the pull request at {@code headSha} (or at what its ref points to, when the mirror does not have that
     * commit): every affected workspace, or only {@code only}. Returns what was done, for the delivery's record.
     */
    public String review(String repoName, int number, String headSha, Optional<String> only) {
        synchronized (perPullRequest.computeIfAbsent(repoName + "#" + number, k -> new Object())) {
            return startReview(repoName, number, headSha, only);
        }
    }

    private String startReview(String repoName, int number, String headSha, Optional<String> only) {
        CodeHosts.Repo repo = hosts.repo(repoName);
        GitMirror mirror = catalog.mirror(repoName);
        String fetched = mirror.fetchRef(repo.pullRequestRef(number), "refs/plumbline/pull/" + number).commit();
        String head = headSha == null ? fetched : mirror.resolve(headSha).orElse(fetched);
        String branchHead = catalog.refresh(repoName).revision().commit();
        String base = mirror.mergeBase(branchHead, head).orElse(null);
        RepoWorkspaces settings;
        Set<WorkspaceId> affected;
        try {
            settings = catalog.settingsAt(repoName, head);
            affected = new LinkedHashSet<>(settings.affectedBy(catalog.changedFiles(repoName, base, head)));
        } catch (ConfigException e) {
            db.pullRequestComments().recordHead(repoName, number, head);
            report.update(repo, number, "The settings at `" + CommitSha.shorten(head) + "` are not valid, so nothing"
                    + " was planned:\n\n```\n" + e.getMessage() + "\n```");
            return "#" + number + " at " + CommitSha.shorten(head) + ": invalid settings";
        }
        only.ifPresent(name -> affected.removeIf(id -> !id.name().equals(name)));
        db.pullRequestComments().recordHead(repoName, number, head);
        db.pullRequestComments().recordState(repoName, number, "open");
        if (only.isEmpty()) {
            replaceOlderReviews(repoName, number, head, affected);
        }
        List<Long> rows = new ArrayList<>();
        for (WorkspaceId id : affected) {
            rows.add(db.pullRequestPlans().start(repoName, number, id.name(), head));
            report.status(repo, head, id, CommitState.PENDING, "planning", null);
        }
        report.update(repo, number, null);
        int i = 0;
        for (WorkspaceId id : affected) {
            long row = rows.get(i++);
            WorkspaceConfig ws = settings.workspace(id.name()).orElseThrow(() ->
                    new IllegalStateException("reviewing " + id + ": the workspace is not in the settings at the head"));
            runs.submit(id, false, "plan of " + id + " for #" + number,
                    cancel -> reviewOne(repo, number, head, row, ws, cancel));
        }
        LOG.info("{} #{} at {}: planning {}", repoName, number, CommitSha.shorten(head), affected);
        return "#" + number + " at " + CommitSha.shorten(head) + ": planning " + affected;
    }

    /** The pull request was closed; {@code merged} when it was merged into the tracked branch. */
    public String closed(String repoName, int number, boolean merged) {
        CodeHosts.Repo repo = hosts.repo(repoName);
        String head = db.pullRequestComments().headSha(repoName, number).orElse("");
        for (PullRequestPlan row : db.pullRequestPlans().ofPullRequest(repoName, number, OPEN_REVIEWS)) {
            boolean lands = merged && row.headSha().equals(head)
                    && (row.status() == Status.PLANNED || row.status() == Status.APPLIED);
            db.pullRequestPlans().setStatus(row.id(), lands ? Status.MERGED : Status.CLOSED);
        }
        db.pullRequestComments().recordState(repoName, number, merged ? "merged" : "closed");
        List<String> released = releaseLocks(repoName, number);
        if (merged) {
            report.update(repo, number, "Merged: the branch is planned now, and each plan is applied as its "
                    + "workspace's policy allows once it matches the plan reviewed here.");
            branchMoved.accept(repoName);
        } else if (!released.isEmpty()) {
            report.update(repo, number, "Closed: the locks on " + String.join(", ", released) + " are released.");
        }
        return "#" + number + (merged ? " merged" : " closed") + "; released locks " + released;
    }

    /** A pull request comment; only a first line that is a command counts ({@link Command}). */
    public String comment(String repoName, int number, String author, String body) {
        return commands.handle(hosts.repo(repoName), number, author, body);
    }

    /**
     * The polling fallback, for when webhooks cannot reach Plumbline: open pull requests into the tracked branch
     * whose head has not been reviewed yet are reviewed, and locks of pull requests that were closed are released.
     */
    public void poll(String repoName) {
        CodeHosts.Repo repo = hosts.repo(repoName);
        for (PullRequest pr : repo.host().openPullRequests(repo.config().project())) {
            if (!pr.baseBranch().equals(repo.branch())) {
                continue;
            }
            synchronized (perPullRequest.computeIfAbsent(repoName + "#" + pr.number(), k -> new Object())) {
                boolean reviewed = db.pullRequestComments().headSha(repoName, pr.number())
                        .filter(pr.headSha()::equals).isPresent();
                try {
                    if (!reviewed) {
                        startReview(repoName, pr.number(), pr.headSha(), Optional.empty());
                    }
                } catch (RuntimeException e) {
                    LOG.error("reviewing {} #{}: {}", repoName, pr.number(), e.getMessage());
                }
            }
        }
        new LockReaper(db, this).reap(repo);
    }

    // ---- for the collaborators in this package

    void apply(CodeHosts.Repo repo, PullRequestPlan row, String who, Cancellation cancel) {
        WorkspaceConfig ws = catalog.settingsAt(repo.repo(), row.headSha()).workspace(row.workspace())
                .orElseThrow(() -> new IllegalStateException("applying the reviewed plan of " + repo.repo() + "/"
                        + row.workspace() + ": the workspace is not in the settings at " + row.headSha()));
        RunResult applied = runner.apply(row.runId(), reconciler.source(ws, row.headSha()), Trigger.PULL_REQUEST,
                cancel);
        db.pullRequestPlans().applied(row.id(), applied.runId(), applied.succeeded());
        db.audit().record(who, applied.succeeded() ? "apply.succeeded" : "apply.failed", Optional.of(ws.id()),
                Optional.of(applied.runId()), "applied from pull request #" + row.number() + " the plan of run "
                        + row.runId());
        report.status(repo, row.headSha(), ws.id(), applied.succeeded() ? CommitState.SUCCESS : CommitState.FAILURE,
                applied.succeeded() ? "applied" : "apply failed", applied.runId());
        report.update(repo, row.number(), null);
    }

    WorkspaceRuns runs() {
        return runs;
    }

    /** Releases the locks pull request {@code number} holds, and starts the applies that waited for them. */
    List<String> releaseLocks(String repoName, int number) {
        List<String> released = new ArrayList<>();
        for (WorkspaceLock lock : db.workspaceLocks().heldBy(repoName, number)) {
            if (releaseLock(repoName, lock.workspace(), number)) {
                released.add(lock.workspace());
            }
        }
        return released;
    }

    /** Releases one lock if {@code number} holds it, and starts the applies that waited for it. */
    boolean releaseLock(String repoName, String workspace, int number) {
        if (!db.workspaceLocks().release(repoName, workspace, number)) {
            return false;
        }
        commands.resumeWaiting(hosts.repo(repoName), workspace);
        return true;
    }

    // ----

    private void reviewOne(CodeHosts.Repo repo, int number, String head, long row, WorkspaceConfig ws,
                           Cancellation cancel) {
        if (!db.pullRequestComments().headSha(repo.repo(), number).filter(head::equals).isPresent()) {
            db.pullRequestPlans().setStatus(row, Status.CLOSED); // a newer head came while this one waited
            return;
        }
        ReviewResult r;
        try {
            r = runner.review(reconciler.source(ws, head), Trigger.PULL_REQUEST, cancel);
        } catch (RuntimeException e) {
            LOG.error("planning {} for {} #{}: {}", ws.id(), repo.repo(), number, e.getMessage());
            db.pullRequestPlans().finish(row, null, Status.FAILED, List.of(), null);
            db.pullRequestPlans().setNote(row, "planning failed before its run started: " + e.getMessage());
            report.status(repo, head, ws.id(), CommitState.ERROR, "planning failed", null);
            report.update(repo, number, null);
            return;
        }
        Status status = r.invalid() ? Status.INVALID : r.run().succeeded() ? Status.PLANNED : Status.FAILED;
        db.pullRequestPlans().finish(row, r.run().runId(), status, r.fmtProblems(),
                r.validationMessage().isEmpty() ? null : r.validationMessage());
        String lockNote = "";
        if (status == Status.PLANNED && changes(r.run().classification())) {
            WorkspaceLock lock = db.workspaceLocks().acquire(repo.repo(), ws.id().name(), number, head);
            lockNote = lock.number() == number ? "" : "; apply waits for #" + lock.number();
        } else {
            releaseLock(repo.repo(), ws.id().name(), number);
        }
        report.status(repo, head, ws.id(), state(status, r), describe(status, r) + lockNote, r.run().runId());
        report.update(repo, number, null);
    }

    /** A new head commit replaces the reviews of the previous one, and the locks of what it no longer changes. */
    private void replaceOlderReviews(String repoName, int number, String head, Set<WorkspaceId> affected) {
        for (PullRequestPlan row : db.pullRequestPlans().ofPullRequest(repoName, number, Status.PLANNING,
                Status.PLANNED, Status.FAILED, Status.INVALID)) {
            if (!row.headSha().equals(head)) {
                db.pullRequestPlans().setStatus(row.id(), Status.CLOSED);
            }
        }
        for (WorkspaceLock lock : db.workspaceLocks().heldBy(repoName, number)) {
            if (affected.stream().noneMatch(id -> id.name().equals(lock.workspace()))) {
                releaseLock(repoName, lock.workspace(), number);
            }
        }
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

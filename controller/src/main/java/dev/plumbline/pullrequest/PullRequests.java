package dev.plumbline.pullrequest;

import dev.plumbline.config.ConfigException;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.PullRequestWork;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.source.GitMirror;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan.Status;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.Tx;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.Command;
import dev.plumbline.vcs.CommitState;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull requests, from the first push to the merge. A new head commit is fetched into the mirror, and a review of
 * each workspace the pull request changes (from where it branched off to its head, by the settings at its head) is
 * queued as work in the store, in the transaction that records the head; the reviews run wherever they are claimed
 * ({@link PullRequestRuns}), and one report comment is kept up to date with their plans, plus a commit status per
 * workspace. A workspace whose pull request plan would change something is locked by that pull request for apply
 * until it is merged or closed. The merge itself is applied by the branch's own path ({@link Reconciler}), which
 * first checks that the branch plan is the one reviewed here ({@link MergedPlans}).
 */
public final class PullRequests {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequests.class);
    private static final Status[] OPEN_REVIEWS = {Status.PLANNING, Status.PLANNED, Status.FAILED, Status.INVALID,
        Status.APPLIED, Status.APPLY_FAILED};

    private final Database db;
    private final Catalog catalog;
    private final CodeHosts hosts;
    private final PullRequestReport report;
    private final CommentCommands commands;
    private final PullRequestRuns runs;
    /** One review of a pull request is set up at a time: a webhook and a poll may see the same new head. */
    private final Map<String, Object> perPullRequest = new ConcurrentHashMap<>();
    private final Runnable queued;
    private final Consumer<String> branchMoved;

    /**
     * Reviews run through {@code reconciler}'s store and runner and are reported through the report of
     * {@code merged} (the reconciler's {@link Reconciler#reviewing reviewed plans}); {@code queued} is called once
     * work was queued, so the daemon claims it at once; {@code branchMoved} is called with the repo when a merge
     * moved its tracked branch, so the branch is planned and applied.
     */
    public PullRequests(Reconciler reconciler, MergedPlans merged, Runnable queued, Consumer<String> branchMoved) {
        this.db = reconciler.db();
        this.catalog = reconciler.catalog();
        this.hosts = merged.hosts();
        this.queued = queued;
        this.branchMoved = branchMoved;
        this.report = merged.report();
        this.commands = new CommentCommands(db, this, report);
        this.runs = new PullRequestRuns(reconciler, this, report);
    }

    public CodeHosts hosts() {
        return hosts;
    }

    /** Where the queue hands the reviews and applies it queued here once they are claimed. */
    public PullRequestWork work() {
        return runs;
    }

    /**
     * Reviews the pull request at {@code headSha} (or at what its ref points to, when the mirror does not have that
     * commit): every affected workspace, or only {@code only}. Returns what was done, for the delivery's record.
     */
    public String review(String repoName, int number, String headSha, Optional<String> only) {
        return review(repoName, number, headSha, only, DeliveryDone.NONE);
    }

    String review(String repoName, int number, String headSha, Optional<String> only, DeliveryDone done) {
        synchronized (perPullRequest.computeIfAbsent(repoName + "#" + number, k -> new Object())) {
            return startReview(repoName, number, headSha, only, done);
        }
    }

    /**
     * A pull request event about a head: reviewed unless this head of the open pull request was already taken up
     * (by the poll, or by an earlier event), so one head is planned once whoever sees it first.
     */
    String headEvent(String repoName, int number, String headSha, DeliveryDone done) {
        synchronized (perPullRequest.computeIfAbsent(repoName + "#" + number, k -> new Object())) {
            boolean seen = headSha != null && "open".equals(db.pullRequestComments().state(repoName, number))
                    && db.pullRequestComments().headSha(repoName, number).filter(headSha::equals).isPresent();
            if (seen) {
                return "#" + number + " at " + CommitSha.shorten(headSha) + ": already reviewed";
            }
            return startReview(repoName, number, headSha, Optional.empty(), done);
        }
    }

    private String startReview(String repoName, int number, String headSha, Optional<String> only,
                               DeliveryDone done) {
        CodeHosts.Repo repo = hosts.repo(repoName);
        GitMirror mirror = catalog.mirror(repoName);
        String fetched = mirror.fetchRef(repo.pullRequestRef(number), "refs/plumbline/pull/" + number).commit();
        String head = headSha == null ? fetched : mirror.resolve(headSha).orElse(fetched);
        String branchHead = catalog.refresh(repoName).revision().commit();
        String base = mirror.mergeBase(branchHead, head).orElse(null);
        Set<WorkspaceId> affected;
        try {
            affected = new LinkedHashSet<>(catalog.settingsAt(repoName, head)
                    .affectedBy(catalog.changedFiles(repoName, base, head)));
        } catch (ConfigException e) {
            db.pullRequestComments().recordHead(repoName, number, head);
            report.update(repo, number, "The settings at `" + CommitSha.shorten(head) + "` are not valid, so nothing"
                    + " was planned:\n\n```\n" + e.getMessage() + "\n```");
            return "#" + number + " at " + CommitSha.shorten(head) + ": invalid settings";
        }
        only.ifPresent(name -> affected.removeIf(id -> !id.name().equals(name)));
        String outcome = "#" + number + " at " + CommitSha.shorten(head) + ": planning " + affected;
        db.inTransaction(tx -> {
            tx.pullRequestComments().recordHead(repoName, number, head);
            tx.pullRequestComments().recordState(repoName, number, "open");
            if (only.isEmpty()) {
                closeOlderReviews(tx, repoName, number, head);
            }
            for (WorkspaceId id : affected) {
                // a review of this head and workspace that still waits is that review: it gets no second row
                if (!tx.queuedWork().enqueue(Work.review(id, number, head)).joined()) {
                    tx.pullRequestPlans().start(repoName, number, id.name(), head);
                }
            }
            done.record(tx, outcome);
            return null;
        });
        queued.run();
        if (only.isEmpty()) {
            releaseLocksNoLongerNeeded(repoName, number, affected);
        }
        for (WorkspaceId id : affected) {
            report.status(repo, head, id, CommitState.PENDING, "planning", null);
        }
        report.update(repo, number, null);
        LOG.info("{} #{} at {}: planning {}", repoName, number, CommitSha.shorten(head), affected);
        return outcome;
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
        return comment(repoName, number, author, body, DeliveryDone.NONE);
    }

    String comment(String repoName, int number, String author, String body, DeliveryDone done) {
        return commands.handle(hosts.repo(repoName), number, author, body, done);
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
                        startReview(repoName, pr.number(), pr.headSha(), Optional.empty(), DeliveryDone.NONE);
                    }
                } catch (RuntimeException e) {
                    LOG.error("reviewing {} #{}: {}", repoName, pr.number(), e.getMessage());
                }
            }
        }
        new LockReaper(db, this).reap(repo);
    }

    // ---- for the collaborators in this package

    /** Work was queued in a transaction now committed: the daemon claims it at once. */
    void queued() {
        queued.run();
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

    /** A new head commit replaces the reviews of the previous one. */
    private static void closeOlderReviews(Tx tx, String repoName, int number, String head) {
        for (PullRequestPlan row : tx.pullRequestPlans().ofPullRequest(repoName, number, Status.PLANNING,
                Status.PLANNED, Status.FAILED, Status.INVALID)) {
            if (!row.headSha().equals(head)) {
                tx.pullRequestPlans().setStatus(row.id(), Status.CLOSED);
            }
        }
    }

    /** The locks of the workspaces the new head no longer changes are released. */
    private void releaseLocksNoLongerNeeded(String repoName, int number, Set<WorkspaceId> affected) {
        for (WorkspaceLock lock : db.workspaceLocks().heldBy(repoName, number)) {
            if (affected.stream().noneMatch(id -> id.name().equals(lock.workspace()))) {
                releaseLock(repoName, lock.workspace(), number);
            }
        }
    }
}

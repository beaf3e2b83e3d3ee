package dev.plumbline.pullrequest;

import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.policy.CommentDecision.Verdict;
import dev.plumbline.policy.CommentDecision;
import dev.plumbline.policy.CommentFacts.Action;
import dev.plumbline.policy.CommentFacts;
import dev.plumbline.policy.CommentPolicy;
import dev.plumbline.policy.PullRequestFacts;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan.Status;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.Tx;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.Command;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plumbline plan [workspace]} and {@code plumbline apply [workspace]} typed in a pull request. Whether a
 * command may run is decided by {@link CommentPolicy}; here the facts are gathered, every refusal is said in the
 * report comment, and an apply is done only of the plans of the head commit. A workspace locked by another pull
 * request is applied once that lock is released.
 */
final class CommentCommands {
    private static final Logger LOG = LoggerFactory.getLogger(CommentCommands.class);

    private final Database db;
    private final PullRequests pullRequests;
    private final PullRequestReport report;

    CommentCommands(Database db, PullRequests pullRequests, PullRequestReport report) {
        this.db = db;
        this.pullRequests = pullRequests;
        this.report = report;
    }

    String handle(CodeHosts.Repo repo, int number, String author, String body, DeliveryDone done) {
        Optional<Command> command = Command.parse(body);
        if (command.isEmpty()) {
            return "#" + number + ": a comment, not a command";
        }
        PullRequest pr = repo.host().pullRequest(repo.config().project(), number);
        Optional<String> only = command.get().workspace();
        if (command.get().kind() == Command.Kind.PLAN) {
            if (!decide(repo, pr, Action.PLAN, author).runs()) {
                return "#" + number + ": plan asked for on a closed pull request";
            }
            boolean sameHead = recordedHead(repo, number).filter(pr.headSha()::equals).isPresent();
            return pullRequests.review(repo.repo(), number, pr.headSha(), sameHead ? only : Optional.empty(), done);
        }
        return apply(repo, pr, author, only, done);
    }

    /** Applies that waited for {@code workspace}'s lock are tried again, now that it is free. */
    void resumeWaiting(CodeHosts.Repo repo, String workspace) {
        for (PullRequestPlan row : db.pullRequestPlans().waitingToApply(repo.repo(), workspace)) {
            db.pullRequestPlans().requestApply(row.id(), null);
            try {
                PullRequest pr = repo.host().pullRequest(repo.config().project(), row.number());
                apply(repo, pr, row.applyRequestedBy(), Optional.of(workspace), DeliveryDone.NONE);
            } catch (RuntimeException e) {
                LOG.error("resuming the apply of {}/{} for #{}: {}", repo.repo(), workspace, row.number(),
                        e.getMessage());
            }
        }
    }

    private String apply(CodeHosts.Repo repo, PullRequest pr, String author, Optional<String> only,
                         DeliveryDone done) {
        int number = pr.number();
        CommentDecision decision = decide(repo, pr, Action.APPLY, author);
        if (decision.verdict() == Verdict.NOT_ENABLED) {
            report.update(repo, number, "`plumbline apply` is not enabled for this repository (`apply_on_comment`): "
                    + "merge the pull request to apply it.");
            return "#" + number + ": " + decision.reason();
        }
        if (decision.verdict() == Verdict.REFUSED) {
            String why = decision.reason();
            db.audit().record(author, "apply.refused", Optional.empty(), Optional.empty(),
                    "pull request " + repo.config().project() + "#" + number + ": " + why);
            report.update(repo, number, "`plumbline apply` by @" + author + " was refused: " + why + ".");
            return "#" + number + ": apply refused: " + why;
        }
        String head = pr.headSha();
        // locks, approvals and the queued applies land together, with the delivery that asked for them
        String said = db.inTransaction(tx -> {
            String text = queueApplies(tx, repo, number, head, author, only);
            done.record(tx, "#" + number + ": " + text);
            return text;
        });
        pullRequests.queued();
        report.update(repo, number, said);
        return "#" + number + ": " + said;
    }

    /** Queues the apply of each plan of {@code head} that changes something; says what was done. */
    private String queueApplies(Tx tx, CodeHosts.Repo repo, int number, String head, String author,
                                Optional<String> only) {
        List<PullRequestPlan> rows = tx.pullRequestPlans().atHead(repo.repo(), number, head).stream()
                .filter(r -> only.isEmpty() || r.workspace().equals(only.get())).toList();
        List<String> applying = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (PullRequestPlan row : rows) {
            Optional<Run> run = row.runId() == null ? Optional.empty() : tx.runs().find(row.runId());
            if (row.status() != Status.PLANNED || run.isEmpty()
                    || !PullRequestRuns.changes(run.get().classification())) {
                continue;
            }
            WorkspaceLock lock = tx.workspaceLocks().acquire(repo.repo(), row.workspace(), number, head);
            if (lock.number() != number) {
                tx.pullRequestPlans().requestApply(row.id(), author);
                waiting.add("`" + row.workspace() + "` (locked by #" + lock.number() + ")");
                continue;
            }
            approve(tx, repo, row, author);
            applying.add("`" + row.workspace() + "`");
            tx.queuedWork().enqueue(Work.apply(new WorkspaceId(repo.repo(), row.workspace()), number, head, row.id(),
                    author));
        }
        if (applying.isEmpty() && waiting.isEmpty()) {
            return "`plumbline apply` by @" + author + ": there is nothing to apply"
                    + only.map(w -> " in `" + w + "`").orElse("") + " at `" + CommitSha.shorten(head) + "`.";
        }
        return "`plumbline apply` by @" + author + ": " + (applying.isEmpty() ? "" : "applying "
                + String.join(", ", applying)) + (waiting.isEmpty() ? "" : (applying.isEmpty() ? "" : "; ")
                + "waiting for the lock: " + String.join(", ", waiting)) + ".";
    }

    /** Asks the policy; the host is asked whether the author may push only when the answer counts. */
    private CommentDecision decide(CodeHosts.Repo repo, PullRequest pr, Action action, String author) {
        boolean applyOnComment = repo.config().applyOnComment();
        Optional<Boolean> mayPush = CommentPolicy.needsPushRight(action, applyOnComment)
                ? Optional.of(repo.host().canWrite(repo.config().project(), author)) : Optional.empty();
        PullRequestFacts facts = new PullRequestFacts(pr.open(), pr.approved(), pr.mergeable(), pr.headSha(),
                recordedHead(repo, pr.number()));
        return CommentPolicy.decide(new CommentFacts(action, applyOnComment, facts, author, mayPush));
    }

    /** The pull request's approval is recorded as the approval of exactly this stored plan. */
    private static void approve(Tx tx, CodeHosts.Repo repo, PullRequestPlan row, String author) {
        Optional<String> sha = tx.plans().sha256(row.runId());
        if (sha.isEmpty() || tx.approvals().find(row.runId()).isPresent()) {
            return;
        }
        tx.approvals().approve(row.runId(), sha.get(), author, "pull request " + repo.config().project() + "#"
                + row.number() + " is approved; applied on request of @" + author);
    }

    private Optional<String> recordedHead(CodeHosts.Repo repo, int number) {
        return db.pullRequestComments().headSha(repo.repo(), number);
    }
}

package dev.plumbline.pullrequest;

import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan.Status;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.Command;
import dev.plumbline.vcs.PullRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code plumbline plan [workspace]} and {@code plumbline apply [workspace]} typed in a pull request. An apply is
 * done only where the repo allows it ({@code apply_on_comment}), for a pull request that is open, approved and
 * mergeable, on request of someone who may push to the repository, and only of the plans of the head commit; every
 * refusal is said in the report comment. A workspace locked by another pull request is applied once that lock is
 * released.
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

    String handle(CodeHosts.Repo repo, int number, String author, String body) {
        Optional<Command> command = Command.parse(body);
        if (command.isEmpty()) {
            return "#" + number + ": a comment, not a command";
        }
        PullRequest pr = repo.host().pullRequest(repo.config().project(), number);
        Optional<String> only = command.get().workspace();
        if (command.get().kind() == Command.Kind.PLAN) {
            if (!pr.open()) {
                return "#" + number + ": plan asked for on a closed pull request";
            }
            boolean sameHead = recordedHead(repo, number).filter(pr.headSha()::equals).isPresent();
            return pullRequests.review(repo.repo(), number, pr.headSha(), sameHead ? only : Optional.empty());
        }
        return apply(repo, pr, author, only);
    }

    /** Applies that waited for {@code workspace}'s lock are tried again, now that it is free. */
    void resumeWaiting(CodeHosts.Repo repo, String workspace) {
        for (PullRequestPlan row : db.pullRequestPlans().waitingToApply(repo.repo(), workspace)) {
            db.pullRequestPlans().requestApply(row.id(), null);
            try {
                PullRequest pr = repo.host().pullRequest(repo.config().project(), row.number());
                apply(repo, pr, row.applyRequestedBy(), Optional.of(workspace));
            } catch (RuntimeException e) {
                LOG.error("resuming the apply of {}/{} for #{}: {}", repo.repo(), workspace, row.number(),
                        e.getMessage());
            }
        }
    }

    private String apply(CodeHosts.Repo repo, PullRequest pr, String author, Optional<String> only) {
        int number = pr.number();
        if (!repo.config().applyOnComment()) {
            report.update(repo, number, "`plumbline apply` is not enabled for this repository (`apply_on_comment`): "
                    + "merge the pull request to apply it.");
            return "#" + number + ": apply on comment is not enabled";
        }
        List<String> refusals = refusals(repo, pr, author);
        if (!refusals.isEmpty()) {
            String why = String.join("; ", refusals);
            db.audit().record(author, "apply.refused", Optional.empty(), Optional.empty(),
                    "pull request " + repo.config().project() + "#" + number + ": " + why);
            report.update(repo, number, "`plumbline apply` by @" + author + " was refused: " + why + ".");
            return "#" + number + ": apply refused: " + why;
        }
        String head = pr.headSha();
        List<PullRequestPlan> rows = db.pullRequestPlans().atHead(repo.repo(), number, head).stream()
                .filter(r -> only.isEmpty() || r.workspace().equals(only.get())).toList();
        List<String> applying = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (PullRequestPlan row : rows) {
            Optional<Run> run = row.runId() == null ? Optional.empty() : db.runs().find(row.runId());
            if (row.status() != Status.PLANNED || run.isEmpty() || !PullRequests.changes(run.get().classification())) {
                continue;
            }
            WorkspaceLock lock = db.workspaceLocks().acquire(repo.repo(), row.workspace(), number, head);
            if (lock.number() != number) {
                db.pullRequestPlans().requestApply(row.id(), author);
                waiting.add("`" + row.workspace() + "` (locked by #" + lock.number() + ")");
                continue;
            }
            approve(repo, row, author);
            applying.add("`" + row.workspace() + "`");
            pullRequests.runs().submit(new WorkspaceId(repo.repo(), row.workspace()), true,
                    "apply of " + repo.repo() + "/" + row.workspace() + " for #" + number,
                    cancel -> pullRequests.apply(repo, row, author, cancel));
        }
        String said = applying.isEmpty() && waiting.isEmpty()
                ? "`plumbline apply` by @" + author + ": there is nothing to apply"
                        + only.map(w -> " in `" + w + "`").orElse("") + " at `" + CommitSha.shorten(head) + "`."
                : "`plumbline apply` by @" + author + ": " + (applying.isEmpty() ? "" : "applying "
                        + String.join(", ", applying)) + (waiting.isEmpty() ? "" : (applying.isEmpty() ? "" : "; ")
                        + "waiting for the lock: " + String.join(", ", waiting)) + ".";
        report.update(repo, number, said);
        return "#" + number + ": " + said;
    }

    private List<String> refusals(CodeHosts.Repo repo, PullRequest pr, String author) {
        List<String> refusals = new ArrayList<>();
        if (!pr.open()) {
            refusals.add("the pull request is not open");
        }
        if (!pr.approved().orElse(false)) {
            refusals.add("the pull request is not approved");
        }
        if (pr.mergeable().isEmpty()) {
            refusals.add("the host has not worked out yet whether it can be merged; try again in a moment");
        } else if (!pr.mergeable().get()) {
            refusals.add("it cannot be merged as it is");
        }
        if (!repo.host().canWrite(repo.config().project(), author)) {
            refusals.add("@" + author + " may not push to the repository");
        }
        Optional<String> reviewed = recordedHead(repo, pr.number());
        if (reviewed.isEmpty() || !reviewed.get().equals(pr.headSha())) {
            refusals.add("the plans shown are not of the head commit `" + CommitSha.shorten(pr.headSha())
                    + "` yet; wait for them");
        }
        return refusals;
    }

    /** The pull request's approval is recorded as the approval of exactly this stored plan. */
    private void approve(CodeHosts.Repo repo, PullRequestPlan row, String author) {
        Optional<String> sha = db.plans().sha256(row.runId());
        if (sha.isEmpty() || db.approvals().find(row.runId()).isPresent()) {
            return;
        }
        db.approvals().approve(row.runId(), sha.get(), author, "pull request " + repo.config().project() + "#"
                + row.number() + " is approved; applied on request of @" + author);
    }

    private Optional<String> recordedHead(CodeHosts.Repo repo, int number) {
        return db.pullRequestComments().headSha(repo.repo(), number);
    }
}

package dev.plumbline.policy;

import dev.plumbline.domain.CommitSha;
import dev.plumbline.policy.CommentDecision.Verdict;
import dev.plumbline.policy.CommentFacts.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may give a command in a pull request comment, and when. Anyone may ask for a plan of an open pull request:
 * a plan changes nothing. An apply changes infrastructure before the merge, so it is done only where the
 * repository allows it, for a pull request that is open, approved and mergeable, on request of someone who may push
 * to the repository, and only once the plans shown are those of the head commit: an apply must never carry a
 * commit that nobody saw planned. Every reason that holds is given, so one reply says all that is missing.
 */
public final class CommentPolicy {
    private CommentPolicy() { }

    public static CommentDecision decide(CommentFacts facts) {
        PullRequestFacts pr = facts.pullRequest();
        if (facts.action() == Action.PLAN) {
            return pr.open() ? CommentDecision.run()
                    : new CommentDecision(Verdict.REFUSED, List.of("the pull request is not open"));
        }
        if (!facts.applyOnComment()) {
            return new CommentDecision(Verdict.NOT_ENABLED, List.of("apply on comment is not enabled"));
        }
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
        // Not asked counts as no: a right nobody checked is not granted.
        if (!facts.authorMayPush().orElse(false)) {
            refusals.add("@" + facts.author() + " may not push to the repository");
        }
        if (!pr.reviewedHead().filter(pr.headSha()::equals).isPresent()) {
            refusals.add("the plans shown are not of the head commit `" + CommitSha.shorten(pr.headSha())
                    + "` yet; wait for them");
        }
        return refusals.isEmpty() ? CommentDecision.run() : new CommentDecision(Verdict.REFUSED, refusals);
    }

    /** Whether {@link #decide} needs to know if the author may push: only for an apply the repository allows. */
    public static boolean needsPushRight(CommentFacts.Action action, boolean applyOnComment) {
        return action == Action.APPLY && applyOnComment;
    }
}

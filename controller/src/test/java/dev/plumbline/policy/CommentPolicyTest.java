package dev.plumbline.policy;

import static dev.plumbline.policy.CommentDecision.Verdict.NOT_ENABLED;
import static dev.plumbline.policy.CommentDecision.Verdict.REFUSED;
import static dev.plumbline.policy.CommentDecision.Verdict.RUN;
import static dev.plumbline.policy.CommentFacts.Action.APPLY;
import static dev.plumbline.policy.CommentFacts.Action.PLAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommentPolicyTest {
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    /** Open, approved, mergeable, its head reviewed: nothing stands in the way. */
    private static final PullRequestFacts READY = new PullRequestFacts(true, Optional.of(true), Optional.of(true),
            HEAD, Optional.of(HEAD));

    private static CommentDecision apply(PullRequestFacts pr) {
        return CommentPolicy.decide(new CommentFacts(APPLY, true, pr, "alice", Optional.of(true)));
    }

    private static PullRequestFacts closed() {
        return new PullRequestFacts(false, READY.approved(), READY.mergeable(), HEAD, READY.reviewedHead());
    }

    @Test
    void anyone_may_ask_for_a_plan_of_an_open_pull_request() {
        PullRequestFacts unapproved = new PullRequestFacts(true, Optional.empty(), Optional.of(false), HEAD,
                Optional.empty());
        assertThat(CommentPolicy.decide(new CommentFacts(PLAN, false, unapproved, "outsider", Optional.empty())))
                .extracting(CommentDecision::verdict, CommentDecision::reason).containsExactly(RUN, "");
    }

    @Test
    void a_plan_of_a_closed_pull_request_is_refused() {
        assertThat(CommentPolicy.decide(new CommentFacts(PLAN, true, closed(), "alice", Optional.empty())))
                .extracting(CommentDecision::verdict, CommentDecision::reason)
                .containsExactly(REFUSED, "the pull request is not open");
    }

    @Test
    void an_apply_where_the_repository_does_not_allow_it_is_not_enabled_whatever_else_holds() {
        assertThat(CommentPolicy.decide(new CommentFacts(APPLY, false, READY, "alice", Optional.of(true))))
                .extracting(CommentDecision::verdict, CommentDecision::reason)
                .containsExactly(NOT_ENABLED, "apply on comment is not enabled");
        assertThat(CommentPolicy.decide(new CommentFacts(APPLY, false, closed(), "alice", Optional.empty()))
                .verdict()).isEqualTo(NOT_ENABLED);
    }

    @Test
    void an_apply_of_a_ready_pull_request_by_a_writer_runs() {
        assertThat(apply(READY).runs()).isTrue();
        assertThat(apply(READY).reasons()).isEmpty();
    }

    @Test
    void an_apply_of_a_pull_request_that_is_not_open_is_refused() {
        assertThat(apply(closed())).extracting(CommentDecision::verdict, CommentDecision::reasons)
                .containsExactly(REFUSED, List.of("the pull request is not open"));
    }

    @Test
    void an_apply_of_a_pull_request_that_is_not_approved_is_refused() {
        for (Optional<Boolean> approved : List.of(Optional.of(false), Optional.<Boolean>empty())) {
            PullRequestFacts pr = new PullRequestFacts(true, approved, Optional.of(true), HEAD, Optional.of(HEAD));
            assertThat(apply(pr).reasons()).as("approved %s", approved)
                    .containsExactly("the pull request is not approved");
        }
    }

    @Test
    void an_apply_waits_for_the_host_to_work_out_whether_it_can_be_merged() {
        PullRequestFacts pr = new PullRequestFacts(true, Optional.of(true), Optional.empty(), HEAD, Optional.of(HEAD));
        assertThat(apply(pr).reasons()).containsExactly(
                "the host has not worked out yet whether it can be merged; try again in a moment");
    }

    @Test
    void an_apply_of_a_pull_request_that_cannot_be_merged_is_refused() {
        PullRequestFacts pr = new PullRequestFacts(true, Optional.of(true), Optional.of(false), HEAD,
                Optional.of(HEAD));
        assertThat(apply(pr).reasons()).containsExactly("it cannot be merged as it is");
    }

    @Test
    void an_apply_by_someone_who_may_not_push_is_refused() {
        assertThat(CommentPolicy.decide(new CommentFacts(APPLY, true, READY, "outsider", Optional.of(false))))
                .extracting(CommentDecision::verdict, CommentDecision::reason)
                .containsExactly(REFUSED, "@outsider may not push to the repository");
    }

    @Test
    void a_push_right_nobody_asked_about_is_not_granted() {
        assertThat(CommentPolicy.decide(new CommentFacts(APPLY, true, READY, "alice", Optional.empty())).reasons())
                .containsExactly("@alice may not push to the repository");
    }

    @Test
    void an_apply_before_the_head_commit_was_planned_is_refused() {
        String newer = "fedcba9876543210fedcba9876543210fedcba98";
        String why = "the plans shown are not of the head commit `fedcba987654` yet; wait for them";
        assertThat(apply(new PullRequestFacts(true, Optional.of(true), Optional.of(true), newer, Optional.of(HEAD)))
                .reasons()).containsExactly(why);
        assertThat(apply(new PullRequestFacts(true, Optional.of(true), Optional.of(true), newer, Optional.empty()))
                .reasons()).containsExactly(why);
    }

    @Test
    void every_reason_that_holds_is_given_in_one_sentence() {
        PullRequestFacts pr = new PullRequestFacts(false, Optional.empty(), Optional.of(false), HEAD, Optional.empty());
        assertThat(CommentPolicy.decide(new CommentFacts(APPLY, true, pr, "outsider", Optional.of(false))).reason())
                .isEqualTo("the pull request is not open; the pull request is not approved; it cannot be merged as it "
                        + "is; @outsider may not push to the repository; the plans shown are not of the head commit "
                        + "`0123456789ab` yet; wait for them");
    }

    @Test
    void the_push_right_is_asked_only_for_an_apply_the_repository_allows() {
        assertThat(CommentPolicy.needsPushRight(APPLY, true)).isTrue();
        assertThat(CommentPolicy.needsPushRight(APPLY, false)).isFalse();
        assertThat(CommentPolicy.needsPushRight(PLAN, true)).isFalse();
    }
}

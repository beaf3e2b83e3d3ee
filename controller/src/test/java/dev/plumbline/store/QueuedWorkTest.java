package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueuedWorkTest extends OnEachStore {
    private static final WorkspaceId QA = new WorkspaceId("infra", "qa");
    private static final WorkspaceId DEV = new WorkspaceId("infra", "dev");
    private static final String ME = "host-a:101:1700000000000";
    private static final String OTHER = "host-b:202:1700000000000";
    private static final String HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

    private static Instant now() {
        return Instant.now().plusSeconds(1);
    }

    private static List<String> described(List<WorkItem> items) {
        return items.stream().map(i -> i.work().kind().wire() + " " + i.work().workspace().name()).toList();
    }

    /** A review row to apply from, as a comment command finds it. */
    private static long review(Database db, WorkspaceId ws) {
        return db.pullRequestPlans().start(ws.repo(), 4, ws.name(), HEAD);
    }

    @Test
    void the_most_urgent_work_is_claimed_first_then_the_oldest() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            q.enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE));
            q.enqueue(Work.plan(STAGING, Trigger.PUSH));
            q.enqueue(Work.apply(QA, 4, HEAD, review(db, QA), "maria"));
            q.enqueue(Work.review(DEV, 4, HEAD));

            assertThat(described(q.claim(ME, 1, now()))).containsExactly("pull_request_apply qa");
            assertThat(described(q.claim(ME, 2, now()))).containsExactly("plan staging", "pull_request_review dev");
            assertThat(described(q.claim(ME, 5, now()))).containsExactly("drift_check prod");
            assertThat(q.claim(ME, 5, now())).isEmpty();
        }
    }

    @Test
    void a_workspace_runs_one_piece_of_work_at_a_time_in_the_order_it_was_queued() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            long first = q.enqueue(Work.plan(PROD, Trigger.MANUAL)).workId();
            long second = q.enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE)).workId();
            long other = q.enqueue(Work.plan(STAGING, Trigger.MANUAL)).workId();

            assertThat(q.claim(ME, 5, now())).extracting(WorkItem::id).containsExactly(first, other);
            assertThat(q.claim(OTHER, 5, now())).as("prod is busy, for every daemon").isEmpty();
            assertThat(q.finish(first, ME, null, WorkState.DONE)).isTrue();

            assertThat(q.claim(OTHER, 5, now())).extracting(WorkItem::id).containsExactly(second);
            assertThat(q.find(first).orElseThrow().state()).isEqualTo(WorkState.DONE);
            assertThat(q.ofWorkspace(PROD, 10)).extracting(WorkItem::id).containsExactly(second, first);
            assertThat(q.find(second).orElseThrow()).satisfies(i -> {
                assertThat(i.state()).isEqualTo(WorkState.CLAIMED);
                assertThat(i.claimedBy()).isEqualTo(OTHER);
                assertThat(i.claimedAt()).isNotNull();
            });
        }
    }

    @Test
    void a_waiting_drift_check_or_plan_of_a_workspace_absorbs_another_but_not_once_it_runs() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            Enqueued check = q.enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE));
            Enqueued late = q.enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE));
            Enqueued staging = q.enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE));
            Enqueued push = q.enqueue(Work.plan(PROD, Trigger.PUSH));
            Enqueued manual = q.enqueue(Work.plan(PROD, Trigger.MANUAL));

            assertThat(late).isEqualTo(new Enqueued(check.workId(), true));
            assertThat(staging.joined()).isFalse();
            assertThat(push.joined()).isFalse();
            assertThat(manual).isEqualTo(new Enqueued(push.workId(), true));
            assertThat(q.snapshot().waiting()).extracting(WorkItem::id)
                    .containsExactly(push.workId(), check.workId(), staging.workId());

            assertThat(q.claim(ME, 1, now())).extracting(WorkItem::id).containsExactly(push.workId());
            assertThat(q.enqueue(Work.plan(PROD, Trigger.PUSH)).joined()).as("the running plan is not joined").isFalse();
        }
    }

    @Test
    void a_review_is_keyed_by_pull_request_head_and_workspace_whoever_sees_it_first() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            Enqueued byPoll = q.enqueue(Work.review(PROD, 4, HEAD));

            assertThat(q.enqueue(Work.review(PROD, 4, HEAD))).isEqualTo(new Enqueued(byPoll.workId(), true));
            assertThat(q.enqueue(Work.review(STAGING, 4, HEAD)).joined()).isFalse();
            assertThat(q.enqueue(Work.review(PROD, 5, HEAD)).joined()).isFalse();
            assertThat(q.enqueue(Work.review(PROD, 4, "ffff" + HEAD.substring(4))).joined()).isFalse();
        }
    }

    @Test
    void a_retry_waits_for_its_time_and_joins_nothing() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            long failedRun = StoreFixture.running(db, PROD);
            Instant due = now().plus(Duration.ofMinutes(5));
            Work retry = Work.plan(PROD, Trigger.PUSH).retry(failedRun, due);
            long id = q.enqueue(retry).workId();
            Enqueued push = q.enqueue(Work.plan(PROD, Trigger.PUSH));

            assertThat(push.joined()).isFalse();
            assertThat(q.claim(ME, 5, now())).extracting(WorkItem::id).containsExactly(push.workId());
            q.finish(push.workId(), ME, null, WorkState.DONE);
            assertThat(q.claim(ME, 5, now())).isEmpty();

            List<WorkItem> claimed = q.claim(ME, 5, due);
            assertThat(claimed).extracting(WorkItem::id).containsExactly(id);
            assertThat(claimed.get(0).work()).satisfies(w -> {
                assertThat(w.trigger()).isEqualTo(Trigger.RETRY);
                assertThat(w.attempt()).isEqualTo(2);
                assertThat(w.retryOf()).isEqualTo(failedRun);
            });
        }
    }

    @Test
    void the_cap_bounds_what_one_claim_takes() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            for (WorkspaceId ws : List.of(PROD, STAGING, QA, DEV)) {
                q.enqueue(Work.plan(ws, Trigger.PUSH));
            }

            assertThat(described(q.claim(ME, 2, now()))).containsExactly("plan prod", "plan staging");
            assertThat(q.snapshot().running()).hasSize(2);
            assertThat(q.snapshot().waiting()).extracting(i -> i.work().workspace()).containsExactly(QA, DEV);
            assertThat(q.snapshot().positionOf(q.snapshot().waiting().get(1).id())).isEqualTo(2);
        }
    }

    @Test
    void withdrawn_work_is_never_claimed_and_claimed_work_cannot_be_withdrawn() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            long running = q.enqueue(Work.plan(PROD, Trigger.MANUAL)).workId();
            long withdrawn = q.enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE)).workId();
            q.claim(ME, 1, now());

            assertThat(q.withdraw(withdrawn, "alice", "os-user:alice").state()).isEqualTo(WorkState.CANCELLED);
            assertThatThrownBy(() -> q.withdraw(withdrawn, "alice", "os-user:alice"))
                    .hasMessage("cancelling queued work " + withdrawn + ": it was already cancelled");
            assertThatThrownBy(() -> q.withdraw(running, "alice", "os-user:alice"))
                    .hasMessageStartingWith("cancelling queued work " + running + ": it is running")
                    .hasMessageContaining("(owner " + ME + ")");
            assertThatThrownBy(() -> q.withdraw(999_999, "alice", "os-user:alice")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cancelling queued work 999999: there is no queued work 999999"
                            + " (plumbline queue lists it)");
            assertThat(db.audit().recent(10)).filteredOn(e -> e.action().equals("work.cancelled"))
                    .singleElement().satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("alice");
                        assertThat(e.detail()).contains("work " + withdrawn);
                    });

            assertThat(q.claim(ME, 5, now())).isEmpty();
            assertThat(q.find(withdrawn).orElseThrow()).satisfies(i -> {
                assertThat(i.state()).isEqualTo(WorkState.CANCELLED);
                assertThat(i.finishedAt()).isNotNull();
            });
            assertThat(q.enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE)).joined())
                    .as("a withdrawn check is not joined").isFalse();
        }
    }

    @Test
    void only_the_owner_finishes_what_it_claimed_and_finishing_frees_the_workspace() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            long runId = StoreFixture.running(db, PROD);
            long id = q.enqueue(Work.plan(PROD, Trigger.PUSH)).workId();
            q.claim(ME, 1, now());

            assertThat(q.finish(id, OTHER, runId, WorkState.DONE)).isFalse();
            assertThat(q.finish(id, ME, runId, WorkState.DONE)).isTrue();
            assertThat(q.finish(id, ME, runId, WorkState.DONE)).as("once").isFalse();

            assertThat(q.find(id).orElseThrow().runId()).isEqualTo(runId);
            q.enqueue(Work.plan(PROD, Trigger.PUSH));
            assertThat(q.claim(OTHER, 1, now())).hasSize(1);
        }
    }

    @Test
    void a_lost_owners_plans_and_checks_go_back_as_they_were_and_its_apply_becomes_a_fresh_review() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            long plan = q.enqueue(Work.plan(PROD, Trigger.PUSH)).workId();
            long check = q.enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE)).workId();
            long apply = q.enqueue(Work.apply(QA, 4, HEAD, review(db, QA), "maria")).workId();
            q.claim(ME, 3, now());
            long others = q.enqueue(Work.plan(DEV, Trigger.PUSH)).workId();
            q.claim(OTHER, 3, now());
            assertThat(q.claimOwners()).containsExactly(ME, OTHER);

            assertThat(q.releaseOwner(ME)).isEqualTo(3);

            assertThat(q.claimOwners()).containsExactly(OTHER);
            assertThat(q.find(plan).orElseThrow()).satisfies(i -> {
                assertThat(i.state()).isEqualTo(WorkState.QUEUED);
                assertThat(i.claimedBy()).isNull();
                assertThat(i.work().trigger()).isEqualTo(Trigger.PUSH);
            });
            assertThat(q.find(check).orElseThrow().state()).isEqualTo(WorkState.QUEUED);
            assertThat(q.find(apply).orElseThrow().state()).as("never run again").isEqualTo(WorkState.CANCELLED);
            assertThat(q.find(others).orElseThrow().state()).isEqualTo(WorkState.CLAIMED);
            List<WorkItem> again = q.claim(ME, 5, now());
            assertThat(described(again)).containsExactly("plan prod", "pull_request_review qa", "drift_check staging");
            assertThat(again.get(1).work()).satisfies(w -> {
                assertThat(w.trigger()).isEqualTo(Trigger.RETRY);
                assertThat(w.pullRequest()).isEqualTo(PullRequestTarget.head(4, HEAD));
            });
            assertThat(q.enqueue(Work.plan(PROD, Trigger.PUSH)).joined()).isFalse();
        }
    }

    @Test
    void released_work_whose_copy_already_waits_joins_that_copy() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            long running = q.enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE)).workId();
            q.claim(ME, 1, now());
            long waiting = q.enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE)).workId();

            q.releaseOwner(ME);

            assertThat(q.find(running).orElseThrow().state()).isEqualTo(WorkState.CANCELLED);
            assertThat(q.snapshot().waiting()).extracting(WorkItem::id).containsExactly(waiting);
        }
    }

    @Test
    void queued_and_claimed_work_outlives_the_process() {
        long queued;
        long claimed;
        try (Database db = store().open()) {
            queued = db.queuedWork().enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE)).workId();
            claimed = db.queuedWork().enqueue(Work.plan(PROD, Trigger.PUSH)).workId();
            db.queuedWork().claim(ME, 1, now());
        }

        try (Database db = store().open()) {
            assertThat(db.queuedWork().snapshot().running()).extracting(WorkItem::id).containsExactly(claimed);
            db.queuedWork().releaseOwner(ME);
            assertThat(db.queuedWork().claim(OTHER, 5, now())).extracting(WorkItem::id)
                    .containsExactly(claimed, queued);
        }
    }

    @Test
    void work_is_queued_in_the_callers_transaction_and_rolled_back_with_it() {
        try (Database db = store().open()) {
            assertThatThrownBy(() -> db.inTransaction(tx -> {
                tx.repoHeads().record("infra", HEAD);
                tx.queuedWork().enqueue(Work.plan(PROD, Trigger.PUSH));
                throw new IllegalStateException("the poll failed midway");
            })).hasMessage("the poll failed midway");

            assertThat(db.repoHeads().lastSeen("infra")).isEmpty();
            assertThat(db.queuedWork().snapshot().waiting()).isEmpty();
        }
    }

    @Test
    void two_daemons_claiming_at_once_never_take_one_item_twice_nor_hold_one_workspace_twice() throws Exception {
        List<WorkspaceId> workspaces = List.of(PROD, STAGING, QA, DEV, new WorkspaceId("infra", "edge"));
        int perWorkspace = 8;
        Instant past = Instant.now().minusSeconds(60);
        try (Database db = store().open()) {
            for (int i = 0; i < perWorkspace; i++) {
                for (WorkspaceId ws : workspaces) {
                    db.queuedWork().enqueue(Work.plan(ws, Trigger.PUSH).retry(null, past)); // retries join nothing
                }
            }
        }
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Set<WorkspaceId> held = ConcurrentHashMap.newKeySet();
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<String, Integer> taken = new ConcurrentHashMap<>();
        int total = workspaces.size() * perWorkspace;
        CountDownLatch ready = new CountDownLatch(2);
        List<Future<?>> daemons = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (String owner : List.of(ME, OTHER)) {
                daemons.add(threads.submit(() -> {
                    try (Database db = store().open()) { // a pool of its own, as another daemon has
                        ready.countDown();
                        ready.await(); // both stores open before either claims
                        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                        while (seen.size() < total && System.nanoTime() < deadline) {
                            for (WorkItem item : db.queuedWork().claim(owner, 3, Instant.now())) {
                                if (!seen.add(item.id())) {
                                    violations.add("work " + item.id() + " claimed twice");
                                }
                                if (!held.add(item.work().workspace())) {
                                    violations.add(item.work().workspace() + " held twice");
                                }
                                taken.merge(owner, 1, Integer::sum);
                                Thread.sleep(2);
                                held.remove(item.work().workspace());
                                db.queuedWork().finish(item.id(), owner, null, WorkState.DONE);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> d : daemons) {
                d.get(90, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(seen).hasSize(total);
        assertThat(taken).as("both claimed").containsKeys(ME, OTHER);
        assertThat(taken.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        try (Database db = store().open()) {
            assertThat(db.queuedWork().snapshot().waiting()).isEmpty();
            assertThat(db.queuedWork().snapshot().running()).isEmpty();
        }
    }

    @Test
    void bad_work_and_bad_owners_are_refused_with_what_was_wrong() {
        try (Database db = store().open()) {
            QueuedWork q = db.queuedWork();
            assertThatThrownBy(() -> new Work(PROD, WorkKind.PLAN, Trigger.PUSH, 0, null, null, null))
                    .hasMessage("queuing plan of infra/prod: attempt must be 1 or more, got 0");
            assertThatThrownBy(() -> new Work(PROD, WorkKind.PULL_REQUEST_REVIEW, Trigger.PUSH, 1, null, null, null))
                    .hasMessage("queuing pull_request_review of infra/prod: it needs the pull request head it is of");
            assertThatThrownBy(() -> new Work(PROD, WorkKind.PULL_REQUEST_APPLY, Trigger.PULL_REQUEST, 1, null,
                    PullRequestTarget.head(4, HEAD), null))
                    .hasMessage("queuing pull_request_apply of infra/prod for #4: it needs the review whose plan it"
                            + " applies");
            assertThatThrownBy(() -> PullRequestTarget.head(0, HEAD)).hasMessageContaining("#0");
            assertThatThrownBy(() -> PullRequestTarget.head(4, " ")).hasMessageContaining("is not a commit id");
            assertThatThrownBy(() -> q.claim(" ", 1, now()))
                    .hasMessage("claiming queued work: the owner id must be 1 to 200 characters, not blank");
            assertThatThrownBy(() -> q.finish(1, ME, null, WorkState.CLAIMED))
                    .hasMessage("finishing work 1: claimed is not an end state");
            assertThatThrownBy(() -> WorkKind.parse("deploy")).hasMessage("reading queued work: unknown kind 'deploy'");
            assertThat(q.claim(ME, 0, now())).isEmpty();
            assertThat(q.snapshot().waiting()).as("nothing was queued by the refusals").isEmpty();
        }
    }
}

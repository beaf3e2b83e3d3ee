package dev.plumbline.notify;

import static dev.plumbline.notify.NotifyFixture.PROD;
import static dev.plumbline.notify.NotifyFixture.changed;
import static dev.plumbline.notify.NotifyFixture.deleted;
import static dev.plumbline.notify.NotifyFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftNotifications.Notified;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftStateTest {
    private static final List<DriftFinding> BUCKET_TAGS = List.of(changed("aws_s3_bucket.logs", "tags.owner"));

    @TempDir
    Path dir;
    private Database db;
    private DriftState state;

    @BeforeEach
    void open() {
        db = NotifyFixture.open(dir);
        state = new DriftState(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Transition check(Classification c, List<DriftFinding> findings) {
        return state.decide(PROD, new DriftObservation(run(db, PROD), c, findings));
    }

    private Transition drifted(List<DriftFinding> findings) {
        return check(Classification.DRIFTED, findings);
    }

    @Test
    void new_drift_is_new_once_then_none_while_it_stays_the_same() {
        assertThat(drifted(BUCKET_TAGS)).isEqualTo(Transition.NEW);
        assertThat(drifted(BUCKET_TAGS)).isEqualTo(Transition.NONE);
        assertThat(drifted(BUCKET_TAGS)).isEqualTo(Transition.NONE);
    }

    @Test
    void the_same_drift_with_other_values_is_not_news() {
        drifted(BUCKET_TAGS);
        DriftFinding sameAttributeNewValue = new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner",
                "(sensitive value)", "2026-03-02T10:00:00Z");
        assertThat(drifted(List.of(sameAttributeNewValue))).isEqualTo(Transition.NONE);
    }

    @Test
    void drift_of_another_resource_is_a_change() {
        drifted(BUCKET_TAGS);
        assertThat(drifted(List.of(BUCKET_TAGS.get(0), deleted("aws_iam_role.ci")))).isEqualTo(Transition.CHANGED);
        assertThat(drifted(List.of(deleted("aws_iam_role.ci"), BUCKET_TAGS.get(0)))).isEqualTo(Transition.NONE);
    }

    @Test
    void drift_of_another_attribute_of_the_same_resource_is_a_change() {
        drifted(BUCKET_TAGS);
        assertThat(drifted(List.of(changed("aws_s3_bucket.logs", "versioning.enabled"))))
                .isEqualTo(Transition.CHANGED);
    }

    @Test
    void drift_that_goes_away_is_resolved_once() {
        drifted(BUCKET_TAGS);
        assertThat(check(Classification.IN_SYNC, List.of())).isEqualTo(Transition.RESOLVED);
        assertThat(check(Classification.IN_SYNC, List.of())).isEqualTo(Transition.NONE);
        assertThat(drifted(BUCKET_TAGS)).isEqualTo(Transition.NEW);
    }

    @Test
    void changes_pending_without_outside_changes_resolves_drift() {
        drifted(BUCKET_TAGS);
        assertThat(check(Classification.CHANGES_PENDING, List.of())).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void a_workspace_never_drifted_is_not_news() {
        assertThat(check(Classification.IN_SYNC, List.of())).isEqualTo(Transition.NONE);
        assertThat(db.driftNotifications().find(PROD)).isEmpty();
    }

    @Test
    void an_errored_check_is_not_news_and_leaves_the_state_alone() {
        drifted(BUCKET_TAGS);
        Notified before = db.driftNotifications().find(PROD).orElseThrow();

        assertThat(check(Classification.ERRORED, List.of())).isEqualTo(Transition.NONE);
        assertThat(check(null, List.of())).isEqualTo(Transition.NONE);

        assertThat(db.driftNotifications().find(PROD)).contains(before);
        assertThat(check(Classification.IN_SYNC, List.of())).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void an_errored_first_check_records_nothing() {
        assertThat(check(Classification.ERRORED, List.of())).isEqualTo(Transition.NONE);
        assertThat(db.driftNotifications().find(PROD)).isEmpty();
    }

    @Test
    void an_older_run_finishing_late_does_not_undo_a_newer_one() {
        long older = run(db, PROD);
        drifted(BUCKET_TAGS);
        assertThat(state.decide(PROD, new DriftObservation(older, Classification.IN_SYNC, List.of())))
                .isEqualTo(Transition.NONE);
    }

    @Test
    void the_state_records_fingerprint_and_notified_run() {
        long runId = run(db, PROD);
        state.decide(PROD, new DriftObservation(runId, Classification.DRIFTED, BUCKET_TAGS));

        Notified last = db.driftNotifications().find(PROD).orElseThrow();
        assertThat(last.drifted()).isTrue();
        assertThat(last.runId()).isEqualTo(runId);
        assertThat(last.fingerprint()).isEqualTo(new DriftObservation(runId, Classification.DRIFTED, BUCKET_TAGS)
                .fingerprint()).hasSize(64).doesNotContain(NotifyFixture.CANARY);
        assertThat(last.updatedAt()).isNotNull();
    }

    @Test
    void workspaces_have_states_of_their_own() {
        WorkspaceId staging = new WorkspaceId("infra", "staging");
        drifted(BUCKET_TAGS);
        assertThat(state.decide(staging, new DriftObservation(run(db, staging), Classification.DRIFTED, BUCKET_TAGS)))
                .isEqualTo(Transition.NEW);
        assertThat(drifted(BUCKET_TAGS)).isEqualTo(Transition.NONE);
    }

    @Test
    void a_decision_waits_for_one_in_progress_and_sees_what_it_recorded() throws Exception {
        long first = run(db, PROD);
        long second = run(db, PROD);
        DriftObservation seen = new DriftObservation(first, Classification.DRIFTED, BUCKET_TAGS);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> holder = pool.submit(() -> db.inTransaction(tx -> {
                tx.driftNotifications().lock(PROD);
                locked.countDown();
                await(release);
                tx.driftNotifications().save(PROD, seen.fingerprint(), true, first);
                return null;
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Transition> waiting = pool.submit(() -> state.decide(PROD,
                    new DriftObservation(second, Classification.DRIFTED, BUCKET_TAGS)));

            Thread.sleep(500);
            assertThat(waiting).isNotDone();
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(Transition.NONE);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void the_state_survives_reopening_the_database() {
        drifted(BUCKET_TAGS);
        db.close();

        db = NotifyFixture.open(dir);
        state = new DriftState(db);
        assertThat(drifted(BUCKET_TAGS)).isEqualTo(Transition.NONE);
        assertThat(check(Classification.IN_SYNC, List.of())).isEqualTo(Transition.RESOLVED);
    }
}

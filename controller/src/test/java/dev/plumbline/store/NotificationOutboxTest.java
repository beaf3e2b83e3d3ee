package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NotificationOutboxTest extends OnEachStore {
    private static final String HOOK = "webhook https://hooks.example.com/drift";
    private static final String SLACK = "slack $SLACK_URL";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private static Notification.Event event(long runId, Instant at) {
        return new Notification.Event(UUID.randomUUID().toString(), PROD, runId, "new",
                "{\"transition\":\"new\",\"workspace\":\"infra/prod\"}", at);
    }

    private static long add(Database db, String channel, Instant at) {
        return db.notificationOutbox().add(channel, event(StoreFixture.running(db, PROD), at));
    }

    private static List<Long> ids(List<Notification> rows) {
        return rows.stream().map(Notification::id).toList();
    }

    @Test
    void an_added_event_is_due_at_once_and_claimed_once_per_lease() {
        try (Database db = store().open()) {
            long id = add(db, HOOK, T0);
            add(db, SLACK, T0);

            List<Notification> claimed = db.notificationOutbox().claim(HOOK, T0, T0.plus(LEASE), 10);

            assertThat(claimed).singleElement().satisfies(n -> {
                assertThat(n.id()).isEqualTo(id);
                assertThat(n.channel()).isEqualTo(HOOK);
                assertThat(n.event().workspace()).isEqualTo(PROD);
                assertThat(n.event().createdAt()).isEqualTo(T0);
                assertThat(n.delivery().attempts()).isEqualTo(1);
                assertThat(n.delivery().nextAttemptAt()).isEqualTo(T0.plus(LEASE));
                assertThat(n.state()).isEqualTo(Notification.State.PENDING);
            });
            assertThat(db.notificationOutbox().claim(HOOK, T0.plus(Duration.ofMinutes(1)), T0.plus(LEASE), 10))
                    .as("claimed, and the claim has not run out").isEmpty();
            assertThat(db.notificationOutbox().claim(HOOK, T0.plus(LEASE), T0.plus(LEASE.multipliedBy(2)), 10))
                    .as("a claimer that died mid-send leaves the row to the next").extracting(n -> n.delivery()
                            .attempts()).containsExactly(2);
        }
    }

    @Test
    void a_row_another_transaction_is_claiming_is_passed_over_without_waiting() throws Exception {
        try (Database db = store().open()) {
            long first = add(db, HOOK, T0);
            long second = add(db, HOOK, T0.plusSeconds(1));
            try (Connection other = store().rawConnection()) {
                other.setAutoCommit(false);
                try (PreparedStatement ps = other.prepareStatement(
                        "SELECT id FROM notification_outbox WHERE id = ? FOR UPDATE")) {
                    ps.setLong(1, first);
                    ps.executeQuery().close();
                }
                long start = System.nanoTime();
                List<Notification> claimed = db.notificationOutbox().claim(HOOK, T0.plusSeconds(5),
                        T0.plus(LEASE), 10);
                assertThat(ids(claimed)).containsExactly(second);
                // well below the store's lock timeout (10 s): skipped, not waited for
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                other.rollback();
            }
            assertThat(ids(db.notificationOutbox().claim(HOOK, T0.plusSeconds(5), T0.plus(LEASE), 10)))
                    .containsExactly(first);
        }
    }

    @Test
    void two_stores_claiming_at_once_never_claim_one_row_twice() throws Exception {
        int rows = 40;
        try (Database a = store().open(); Database b = store().open()) {
            for (int i = 0; i < rows; i++) {
                add(a, HOOK, T0);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Long>>> claimers = new ArrayList<>();
                for (Database db : List.of(a, b, a, b)) {
                    claimers.add(pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        List<Notification> batch;
                        do {
                            batch = db.notificationOutbox().claim(HOOK, T0, T0.plus(LEASE), 3);
                            mine.addAll(ids(batch));
                        } while (!batch.isEmpty());
                        return mine;
                    }));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : claimers) {
                    all.addAll(f.get());
                }
                assertThat(all).hasSize(rows).doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void claiming_among_given_rows_takes_only_those() {
        try (Database db = store().open()) {
            long mine = add(db, HOOK, T0);
            add(db, HOOK, T0);

            assertThat(ids(db.notificationOutbox().claimAmong(HOOK, Set.of(mine), T0, T0.plus(LEASE))))
                    .containsExactly(mine);
            assertThat(db.notificationOutbox().claimAmong(HOOK, Set.of(mine), T0, T0.plus(LEASE))).isEmpty();
            assertThat(db.notificationOutbox().claimAmong(HOOK, Set.of(), T0, T0.plus(LEASE))).isEmpty();
        }
    }

    @Test
    void a_failed_attempt_keeps_its_error_and_is_due_again_when_said() {
        try (Database db = store().open()) {
            long id = add(db, HOOK, T0);
            db.notificationOutbox().claim(HOOK, T0, T0.plus(LEASE), 10);

            db.notificationOutbox().retryAt(id, "sending drift to webhook: HTTP 500", T0.plusSeconds(10));

            Notification n = db.notificationOutbox().find(id).orElseThrow();
            assertThat(n.state()).isEqualTo(Notification.State.PENDING);
            assertThat(n.delivery().lastError()).isEqualTo("sending drift to webhook: HTTP 500");
            assertThat(db.notificationOutbox().claim(HOOK, T0.plusSeconds(9), T0.plus(LEASE), 10)).isEmpty();
            assertThat(ids(db.notificationOutbox().claim(HOOK, T0.plusSeconds(10), T0.plus(LEASE), 10)))
                    .containsExactly(id);
        }
    }

    @Test
    void delivered_and_given_up_rows_are_never_claimed_again_and_are_listed_by_state() {
        try (Database db = store().open()) {
            long delivered = add(db, HOOK, T0);
            long givenUp = add(db, HOOK, T0);
            long pending = add(db, HOOK, T0);
            db.notificationOutbox().delivered(delivered, T0.plusSeconds(1));
            db.notificationOutbox().gaveUp(givenUp, "HTTP 500", T0.plusSeconds(2));

            assertThat(ids(db.notificationOutbox().claim(HOOK, T0.plus(Duration.ofDays(1)), T0.plus(Duration
                    .ofDays(2)), 10))).containsExactly(pending);
            assertThat(ids(db.notificationOutbox().list(Optional.empty(), 10)))
                    .containsExactly(pending, givenUp, delivered);
            assertThat(ids(db.notificationOutbox().list(Optional.of(Notification.State.DELIVERED), 10)))
                    .containsExactly(delivered);
            assertThat(ids(db.notificationOutbox().list(Optional.of(Notification.State.GIVEN_UP), 10)))
                    .containsExactly(givenUp);
            assertThat(ids(db.notificationOutbox().list(Optional.of(Notification.State.PENDING), 10)))
                    .containsExactly(pending);
            assertThat(db.notificationOutbox().find(delivered).orElseThrow().delivery().deliveredAt())
                    .isEqualTo(T0.plusSeconds(1));
            assertThat(db.notificationOutbox().counts(Instant.EPOCH))
                    .isEqualTo(new NotificationCounts(1, T0, 1, T0.plusSeconds(2)));
            assertThat(db.notificationOutbox().counts(T0.plusSeconds(3)).givenUp()).isZero();
        }
    }

    @Test
    void the_sweep_gives_up_only_old_undelivered_rows_nobody_is_sending() {
        try (Database db = store().open()) {
            long old = add(db, "webhook https://removed.example.com/x", T0);
            long oldFailed = add(db, HOOK, T0);
            long oldInFlight = add(db, SLACK, T0);
            long young = add(db, HOOK, T0.plus(Duration.ofHours(23)));
            long oldDelivered = add(db, HOOK, T0);
            db.notificationOutbox().retryAt(oldFailed, "HTTP 503", T0.plusSeconds(30));
            Instant now = T0.plus(Duration.ofHours(25));
            db.notificationOutbox().claim(SLACK, now, now.plus(LEASE), 10);
            db.notificationOutbox().delivered(oldDelivered, T0.plusSeconds(1));

            int n = db.notificationOutbox().giveUpStale(now.minus(Duration.ofHours(24)), now,
                    "not delivered within 24h");

            assertThat(n).isEqualTo(2);
            assertThat(db.notificationOutbox().find(old).orElseThrow().delivery().lastError())
                    .isEqualTo("not delivered within 24h");
            assertThat(db.notificationOutbox().find(oldFailed).orElseThrow().delivery().lastError())
                    .as("the last real failure says more").isEqualTo("HTTP 503");
            assertThat(List.of(old, oldFailed)).allSatisfy(id -> assertThat(db.notificationOutbox().find(id)
                    .orElseThrow().delivery().givenUpAt()).isEqualTo(now));
            assertThat(List.of(oldInFlight, young)).allSatisfy(id -> assertThat(db.notificationOutbox().find(id)
                    .orElseThrow().state()).isEqualTo(Notification.State.PENDING));
            assertThat(db.notificationOutbox().find(oldDelivered).orElseThrow().state())
                    .isEqualTo(Notification.State.DELIVERED);
        }
    }

    @Test
    void a_long_error_is_kept_cut_on_one_line() {
        try (Database db = store().open()) {
            long id = add(db, HOOK, T0);
            db.notificationOutbox().retryAt(id, "first line\nsecond " + "x".repeat(2000), T0);

            String kept = db.notificationOutbox().find(id).orElseThrow().delivery().lastError();
            assertThat(kept).hasSize(NotificationOutbox.MAX_ERROR).startsWith("first line second x").endsWith("...")
                    .doesNotContain("\n");
        }
    }

    @Test
    void one_event_is_one_row_per_channel() {
        try (Database db = store().open()) {
            Notification.Event e = event(StoreFixture.running(db, PROD), T0);
            db.notificationOutbox().add(HOOK, e);
            db.notificationOutbox().add(SLACK, e);

            assertThatThrownBy(() -> db.notificationOutbox().add(HOOK, e)).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("queueing the new drift notification of infra/prod (run ");
        }
    }

    @Test
    void an_event_of_an_unregistered_workspace_is_refused_naming_it() {
        try (Database db = store().open()) {
            long run = StoreFixture.running(db, PROD);
            Notification.Event e = new Notification.Event("e1", new WorkspaceId("infra", "nowhere"), run, "new",
                    "{}", T0);

            assertThatThrownBy(() -> db.notificationOutbox().add(HOOK, e))
                    .hasMessageContaining("infra/nowhere is not registered");
        }
    }

    @Test
    void what_fails_inside_undone_on_failure_is_undone_and_the_rest_of_the_transaction_commits() {
        try (Database db = store().open()) {
            long run = StoreFixture.running(db, PROD);
            Notification.Event e = event(run, T0);
            db.inTransaction(tx -> {
                tx.notificationOutbox().add(HOOK, e);
                assertThatThrownBy(() -> tx.undoneOnFailure("queueing twice", t -> {
                    t.notificationOutbox().add(SLACK, e);
                    return t.notificationOutbox().add(HOOK, e);
                })).isInstanceOf(StoreException.class);
                // PostgreSQL refuses every statement after a failed one, unless it was rolled back to a savepoint
                tx.runs().finish(run, RunOutcome.failed(1, "plan failed"));
                return null;
            });

            assertThat(db.notificationOutbox().list(Optional.empty(), 10)).extracting(Notification::channel)
                    .containsExactly(HOOK);
            assertThat(db.runs().find(run).orElseThrow().status().isFinal()).isTrue();
        }
    }

    @Test
    void instants_come_back_as_written() {
        try (Database db = store().open()) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long id = add(db, HOOK, at);
            assertThat(db.notificationOutbox().find(id).orElseThrow().event().createdAt()).isEqualTo(at);
        }
    }

    @Test
    void the_probe_reads_the_counts_without_opening_the_store() {
        assertThat(store().probeNotifications(Instant.EPOCH)).as("no store yet, nothing made").isEmpty();
        try (Database db = store().open()) {
            add(db, HOOK, T0);
            long givenUp = add(db, HOOK, T0.plusSeconds(1));
            db.notificationOutbox().gaveUp(givenUp, "HTTP 500", T0.plusSeconds(2));

            assertThat(store().probeNotifications(Instant.EPOCH))
                    .contains(new NotificationCounts(1, T0, 1, T0.plusSeconds(2)));
            assertThat(store().probeNotifications(T0.plusSeconds(3))).hasValueSatisfying(c -> {
                assertThat(c.givenUp()).isZero();
                assertThat(c.worthAWarning()).isTrue();
            });
        }
    }
}

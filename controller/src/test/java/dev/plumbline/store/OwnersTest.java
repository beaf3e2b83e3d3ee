package dev.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Owner;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OwnersTest extends OnEachStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Owner CLI = Owner.of("vm-a", 4242, Instant.parse("2026-01-02T03:04:05.678Z"), Owner.Kind.CLI);
    private static final Owner DAEMON = Owner.of("vm-b", 17, Instant.parse("2026-01-02T03:00:00Z"),
            Owner.Kind.DAEMON);

    @Test
    void an_owner_is_named_by_host_pid_and_start() {
        assertThat(CLI.id()).isEqualTo("vm-a:4242:" + Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli());
        Owner longHost = Owner.of("h".repeat(300), 1, Instant.EPOCH, Owner.Kind.DAEMON);
        assertThat(longHost.id().length()).isLessThanOrEqualTo(Owner.MAX_ID);
    }

    @Test
    void a_registered_owner_reads_back_and_is_stale_only_once_its_heartbeat_is_older_than_the_threshold() {
        try (Database db = store().open()) {
            db.owners().register(CLI);

            assertThat(db.owners().find(CLI.id())).contains(CLI);
            Instant now = Instant.now();
            assertThat(db.owners().stale(TIMEOUT, now)).isEmpty();
            assertThat(db.owners().stale(TIMEOUT, now.plus(Duration.ofMinutes(2)))).containsExactly(CLI);
            assertThat(db.owners().find("nobody:1:1")).isEmpty();
        }
    }

    @Test
    void a_stopped_owner_is_never_stale() {
        try (Database db = store().open()) {
            db.owners().register(CLI);
            db.owners().register(DAEMON);

            db.owners().markStopped(CLI.id());

            assertThat(db.owners().stale(TIMEOUT, Instant.now().plus(Duration.ofHours(1)))).containsExactly(DAEMON);
            assertThat(db.owners().aliveOn("vm-a")).isEmpty();
            assertThat(db.owners().aliveOn("vm-b")).containsExactly(DAEMON);
        }
    }

    @Test
    void a_heartbeat_after_being_presumed_lost_says_so_and_revives_the_owner() {
        try (Database db = store().open()) {
            db.owners().register(CLI);
            assertThat(db.owners().heartbeat(CLI.id())).isTrue();

            assertThat(db.owners().markLost(CLI.id())).isTrue();
            assertThat(db.owners().markLost(CLI.id())).as("lost once").isFalse();

            assertThat(db.owners().heartbeat(CLI.id())).isFalse();
            assertThat(db.owners().stopped(CLI.id())).contains(false);
            assertThat(db.owners().heartbeat(CLI.id())).isTrue();
        }
    }

    @Test
    void two_processes_finding_the_same_lost_owner_at_once_take_it_over_once() throws Exception {
        try (Database one = store().open(); Database other = store().open()) {
            one.owners().register(DAEMON);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> takes = new ArrayList<>();
                for (Database db : List.of(one, other)) {
                    takes.add(pool.submit(() -> {
                        go.await();
                        return db.inTransaction(tx -> tx.owners().markLost(DAEMON.id()));
                    }));
                }
                go.countDown();
                assertThat(List.of(takes.get(0).get(), takes.get(1).get())).containsExactlyInAnyOrder(true, false);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void the_last_heartbeat_is_kept_to_the_microsecond() {
        try (Database db = store().open()) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
            db.owners().register(CLI);

            assertThat(db.owners().lastHeartbeat(CLI.id()).orElseThrow()).isAfterOrEqualTo(before);
            assertThat(db.owners().lastHeartbeat("nobody:1:1")).isEmpty();
        }
    }

    @Test
    void owners_stopped_long_ago_are_forgotten_and_the_others_kept() {
        try (Database db = store().open()) {
            db.owners().register(CLI);
            db.owners().register(DAEMON);
            db.owners().markStopped(CLI.id());

            assertThat(db.owners().forgetStopped(Instant.now().minus(Duration.ofDays(30)))).isZero();
            assertThat(db.owners().forgetStopped(Instant.now().plus(Duration.ofMinutes(1)))).isEqualTo(1);

            assertThat(db.owners().find(CLI.id())).isEmpty();
            assertThat(db.owners().find(DAEMON.id())).contains(DAEMON);
        }
    }
}

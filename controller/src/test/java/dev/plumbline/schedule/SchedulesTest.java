package dev.plumbline.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** On both stores: Quartz's JDBC job store keeps its tables in the store's database, H2 or PostgreSQL. */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"H2", "PostgreSQL"})
class SchedulesTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");
    private static final String EVERY_SECOND = "* * * * * ?";
    private static final String NIGHTLY = "0 0 3 * * ?";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Parameter
    String store;

    @TempDir
    Path dataDir;

    private TestPostgres.Db server;
    private final Recorder dispatched = new Recorder();

    @Test
    void the_store_migrations_create_the_scheduler_tables() throws SQLException {
        try (Database db = open()) {
            assertThat(tables(db)).contains("qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers",
                    "qrtz_simple_triggers", "qrtz_fired_triggers", "qrtz_locks", "qrtz_scheduler_state");
        }
    }

    @Test
    void a_cron_schedule_hands_drift_checks_to_the_dispatcher() {
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            schedules.sync(List.of(ScheduleSpec.driftCheck(PROD, Cadence.cron(EVERY_SECOND))));

            await().atMost(WAIT).until(() -> dispatched.calls().contains("drift infra/prod"));
        }
    }

    @Test
    void an_interval_schedule_hands_polls_to_the_dispatcher() {
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            schedules.sync(List.of(ScheduleSpec.repoPoll("infra", Cadence.every(Duration.ofSeconds(1)))));

            await().atMost(WAIT).until(() -> dispatched.calls().contains("poll infra"));
        }
    }

    @Test
    void a_schedule_that_can_never_fire_costs_only_itself() {
        // Settings stored before the validation caught such a schedule: Quartz refuses it ("will never fire").
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test", List.of(
                     ScheduleSpec.driftCheck(PROD, Cadence.cron("0 0 0 30 2 ?")),
                     ScheduleSpec.driftCheck(STAGING, Cadence.cron(NIGHTLY)),
                     ScheduleSpec.repoPoll("infra", Cadence.every(Duration.ofMinutes(5)))))) {
            assertThat(schedules.list()).extracting(ScheduledInfo::key)
                    .containsExactly("drift:infra/staging", "poll:infra");
        }
    }

    @Test
    void sync_adds_new_schedules_replaces_changed_ones_and_removes_the_rest() {
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            schedules.sync(List.of(
                    ScheduleSpec.driftCheck(PROD, Cadence.cron(NIGHTLY)),
                    ScheduleSpec.repoPoll("infra", Cadence.every(Duration.ofMinutes(5)))));
            assertThat(schedules.list()).extracting(ScheduledInfo::key, ScheduledInfo::cadence).containsExactly(
                    tuple("drift:infra/prod", Cadence.cron(NIGHTLY)),
                    tuple("poll:infra", Cadence.every(Duration.ofMinutes(5))));

            schedules.sync(List.of(
                    ScheduleSpec.driftCheck(PROD, Cadence.cron("0 30 4 * * ?")),
                    ScheduleSpec.driftCheck(STAGING, Cadence.every(Duration.ofHours(6)))));

            assertThat(schedules.list()).extracting(ScheduledInfo::key, ScheduledInfo::cadence).containsExactly(
                    tuple("drift:infra/prod", Cadence.cron("0 30 4 * * ?")),
                    tuple("drift:infra/staging", Cadence.every(Duration.ofHours(6))));
            assertThat(schedules.list()).allSatisfy(info -> {
                assertThat(info.nextFire()).isPresent();
                assertThat(info.previousFire()).isEmpty();
            });
        }
    }

    @Test
    void an_unchanged_schedule_keeps_its_fire_times_and_a_change_of_data_replaces_it() {
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            ScheduleSpec poll = new ScheduleSpec("poll:infra", Cadence.every(Duration.ofHours(1)),
                    Map.of("branch", "main"));
            schedules.sync(List.of(poll));
            Instant next = schedules.list().get(0).nextFire().orElseThrow();

            schedules.sync(List.of(poll));
            assertThat(schedules.list().get(0).nextFire()).contains(next);

            waitUntil(next.minus(Duration.ofHours(1)).plusMillis(5));
            schedules.sync(List.of(new ScheduleSpec("poll:infra", poll.cadence(), Map.of("branch", "release"))));
            assertThat(schedules.list().get(0).nextFire().orElseThrow()).isAfter(next);
        }
    }

    @Test
    void schedules_survive_a_restart_on_the_same_database_file() {
        ScheduleSpec poll = new ScheduleSpec("poll:infra", Cadence.every(Duration.ofHours(1)), Map.of("a", "b"));
        List<ScheduledInfo> before;
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            schedules.sync(List.of(poll, ScheduleSpec.driftCheck(PROD, Cadence.cron(EVERY_SECOND))));
            before = schedules.list();
        }

        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            assertThat(schedules.list()).extracting(ScheduledInfo::key, ScheduledInfo::cadence)
                    .containsExactly(tuple("drift:infra/prod", Cadence.cron(EVERY_SECOND)),
                            tuple("poll:infra", poll.cadence()));
            await().atMost(WAIT).until(() -> dispatched.calls().contains("drift infra/prod"));

            // Read back intact, data included, the poll counts as unchanged and keeps its place in time.
            schedules.sync(List.of(poll, ScheduleSpec.driftCheck(PROD, Cadence.cron(EVERY_SECOND))));
            assertThat(schedules.list().get(1).nextFire()).isEqualTo(before.get(1).nextFire());
        }
    }

    @Test
    void a_drift_check_missed_while_the_daemon_was_down_fires_once_on_start() {
        // Three fire times a few seconds from now, then none for about a minute.
        ZonedDateTime now = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime lastMissed = now.plusSeconds(5);
        String cron = "%d,%d,%d * * * * ?".formatted(now.plusSeconds(3).getSecond(), now.plusSeconds(4).getSecond(),
                lastMissed.getSecond());
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            schedules.sync(List.of(ScheduleSpec.driftCheck(PROD, Cadence.cron(cron))));
        }
        waitUntil(lastMissed.toInstant().plusMillis(1500)); // past the misfire threshold
        assertThat(dispatched.calls()).isEmpty();

        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test")) {
            await().atMost(WAIT).until(() -> !dispatched.calls().isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> dispatched.calls().size() == 1);

            assertThat(dispatched.calls()).containsExactly("drift infra/prod catch-up");
            assertThat(schedules.list().get(0).nextFire().orElseThrow()).isAfter(Instant.now());
        }
    }

    @Test
    void a_schedule_removed_while_down_does_not_catch_up_when_started_with_the_wanted_list() {
        Instant overdue = Instant.now().plusMillis(2500); // first fire after 1 s, then past the misfire threshold
        // On a busy machine the first daemon may fire it once before it stops; that is not what is tested here.
        Recorder beforeTheStop = new Recorder();
        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), beforeTheStop, "test")) {
            schedules.sync(List.of(ScheduleSpec.driftCheck(PROD, Cadence.every(Duration.ofSeconds(1)))));
        }
        waitUntil(overdue);

        try (Database db = open();
             Schedules schedules = Schedules.start(db.dataSource(), dispatched, "test",
                     List.of(ScheduleSpec.driftCheck(STAGING, Cadence.cron(EVERY_SECOND))))) {
            await().atMost(WAIT).until(() -> dispatched.calls().contains("drift infra/staging"));
            assertThat(dispatched.calls()).doesNotContain("drift infra/prod", "drift infra/prod catch-up");
            assertThat(schedules.list()).extracting(ScheduledInfo::key).containsExactly("drift:infra/staging");
        }
    }

    @Test
    void a_second_scheduler_of_the_same_name_in_one_process_is_refused() {
        try (Database db = open();
             Schedules first = Schedules.start(db.dataSource(), dispatched, "test")) {
            assertThatThrownBy(() -> Schedules.start(db.dataSource(), dispatched, "test"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("starting the scheduler test: one by that name is already running in this process");
            assertThat(first.list()).isEmpty();
        }
    }

    @Test
    void a_key_that_names_neither_a_drift_check_nor_a_poll_is_refused() {
        assertThatThrownBy(() -> new ScheduleSpec("apply:infra/prod", Cadence.cron(NIGHTLY), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid schedule key 'apply:infra/prod': expected drift:<repo>/<workspace> or poll:<repo>");
        assertThatThrownBy(() -> Cadence.cron("every night"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cron expression 'every night': ");
    }

    private static void waitUntil(Instant moment) {
        await().atMost(WAIT).until(() -> Instant.now().isAfter(moment));
    }

    /** This test's store: the same database each time. */
    private Database open() {
        if (store.equals("H2")) {
            return Database.open(dataDir.resolve("plumbline"), dataDir.resolve("plan.key"));
        }
        if (server == null) {
            server = TestPostgres.get().newDatabase("schedules");
        }
        return Database.openUrl(server.url(), server.user(), server.password(), 4, dataDir.resolve("plan.key"));
    }

    private static List<String> tables(Database db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The dispatcher's calls, in order, as short strings. */
    private static final class Recorder implements Dispatcher {
        private final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void driftCheck(WorkspaceId workspace, boolean catchUp) {
            calls.add("drift " + workspace + (catchUp ? " catch-up" : ""));
        }

        @Override
        public void poll(String repo) {
            calls.add("poll " + repo);
        }

        List<String> calls() {
            return List.copyOf(calls);
        }
    }
}

package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.DriftPolicy;
import dev.plumbline.config.OnDrift;
import dev.plumbline.config.RemediationGuards;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.notify.DriftState;
import dev.plumbline.notify.WebhookChannel;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.Notification;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which drift a check tells the notifier: confirmed by enough consecutive checks, not flapping, not acknowledged.
 * A real store; the notifier's outbox rows are what is read (nothing is sent: the rows are never handed on).
 */
class DriftReportTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final DriftFinding LIMIT = new DriftFinding("postgresql_role.app", DriftAction.UPDATE,
            "connection_limit", "5", "50");
    private static final DriftFinding GRANT = new DriftFinding("postgresql_grant.reader", DriftAction.UPDATE,
            "privileges[0]", "\"USAGE\"", "null");

    @TempDir
    Path dir;
    private Database db;
    private DriftNotifier notifier;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("plumbline"), dir.resolve("plan.key"));
        // a receiver nobody listens on: rows are only written here, never handed to the outbox to send
        notifier = new DriftNotifier(new DriftState(db),
                List.of(new WebhookChannel(URI.create("http://127.0.0.1:9/hook"), () -> "s3cret")), null);
    }

    @AfterEach
    void close() {
        notifier.close();
        db.close();
    }

    @Test
    void drift_is_told_only_on_the_nth_consecutive_check_that_sees_it() {
        DriftPolicy confirmAfter3 = policy(3);

        check(confirmAfter3, LIMIT);
        check(confirmAfter3, LIMIT);
        assertThat(transitions()).isEmpty();
        check(confirmAfter3, LIMIT);
        assertThat(transitions()).containsExactly("new");
        check(confirmAfter3, LIMIT);
        assertThat(transitions()).containsExactly("new");
        check(confirmAfter3);
        assertThat(transitions()).containsExactly("new", "resolved");
    }

    @Test
    void a_check_in_between_that_does_not_see_it_starts_the_count_again() {
        DriftPolicy confirmAfter2 = policy(2);

        check(confirmAfter2, LIMIT);
        check(confirmAfter2);
        check(confirmAfter2, LIMIT);
        assertThat(transitions()).isEmpty();
        check(confirmAfter2, LIMIT);
        assertThat(transitions()).containsExactly("new");
    }

    @Test
    void a_flapping_attribute_is_held_back_and_status_says_so() {
        DriftPolicy once = policy(1);
        for (int i = 0; i < DriftReport.FLAP_RESOLUTIONS; i++) {
            check(once, LIMIT);
            check(once);
        }
        assertThat(transitions()).hasSize(2 * DriftReport.FLAP_RESOLUTIONS);

        check(once, LIMIT);

        assertThat(transitions()).hasSize(2 * DriftReport.FLAP_RESOLUTIONS);
        DriftStatus.Status status = DriftStatus.read(db, Optional.of(PROD), Instant.now());
        assertThat(status.workspaces()).singleElement().satisfies(w ->
                assertThat(w.items()).singleElement().satisfies(i -> assertThat(i.flapping()).isTrue()));
        check(once, LIMIT, GRANT);
        assertThat(transitions()).last().as("another attribute drifting is news").isEqualTo("new");
    }

    @Test
    void acknowledged_drift_is_not_told_again_until_it_changes_or_the_acknowledgement_expires() {
        DriftPolicy once = policy(1);
        check(once, LIMIT);
        assertThat(transitions()).containsExactly("new");

        DriftAcknowledgements.acknowledge(db, PROD, Optional.empty(), "alice", "pooler migration",
                Instant.now().plus(Duration.ofDays(7)));
        check(once, LIMIT);
        assertThat(transitions()).containsExactly("new");
        assertThat(db.audit().recent(5)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.action()).isEqualTo("drift.acknowledged");
            assertThat(e.detail()).contains("pooler migration");
        });

        check(once, LIMIT, GRANT);
        assertThat(transitions()).as("a change to the acknowledged drift").containsExactly("new", "new");

        Clock eightDaysOn = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
        check(new DriftReport(notifier, eightDaysOn), once, LIMIT, GRANT);
        assertThat(transitions()).as("expired: the acknowledged attribute is told again")
                .containsExactly("new", "new", "changed");
    }

    @Test
    void an_expired_acknowledgement_lets_the_same_drift_be_told_again() {
        DriftPolicy once = policy(1);
        check(once, LIMIT);
        DriftAcknowledgements.acknowledge(db, PROD, Optional.empty(), "alice", "later",
                Instant.now().plus(Duration.ofHours(1)));
        check(once, LIMIT);
        assertThat(transitions()).containsExactly("new");

        Clock twoHoursOn = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        check(new DriftReport(notifier, twoHoursOn), once, LIMIT);

        assertThat(transitions()).containsExactly("new", "new");
    }

    private void check(DriftPolicy policy, DriftFinding... drift) {
        check(new DriftReport(notifier, Clock.systemUTC()), policy, drift);
    }

    private void check(DriftReport report, DriftPolicy policy, DriftFinding... drift) {
        db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
        long run = db.runs().start(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "0a1b2c3d", Tool.TOFU,
                "1.12.6"));
        Classification c = drift.length == 0 ? Classification.IN_SYNC : Classification.DRIFTED;
        db.inTransaction(tx -> report.record(tx, RunKind.DRIFT_CHECK, PROD, policy, run, c, List.of(drift)));
    }

    private List<String> transitions() {
        return db.notificationOutbox().list(Optional.empty(), 100).stream()
                .sorted(Comparator.comparingLong(Notification::id))
                .map(n -> n.event().transition()).toList();
    }

    private static DriftPolicy policy(int confirmAfter) {
        return new DriftPolicy(null, OnDrift.REPORT, List.of(), confirmAfter, RemediationGuards.NONE);
    }
}

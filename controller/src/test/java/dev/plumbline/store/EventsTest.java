package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.aws.AssumedRole;
import dev.plumbline.config.EventsConfig;
import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.ResourceIdentifier;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.events.EventIntake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The resource index, the events and the checks they queue, on both stores: an event is stored in the transaction
 * that queues its checks, debounced, coalesced and above scheduled checks; the check attributes its findings.
 */
class EventsTest extends OnEachStore {
    private static final String BUCKET_ARN = "arn:aws:s3:::prod-logs";
    private static final String ACTOR = "arn:aws:sts::123456789012:assumed-role/Admin/maria";
    private static final String OWNER = "host-a:101:1700000000000";
    private final AtomicInteger rings = new AtomicInteger();

    private static ChangeEvent change(String id, String... identifiers) {
        return new ChangeEvent("aws_sqs", id, ACTOR, "s3:PutBucketTagging", "203.0.113.9", "console.amazonaws.com",
                Instant.now().minusSeconds(3), List.of(identifiers), false, Instant.now().minusSeconds(1));
    }

    private EventIntake intake(Database db, Duration debounce, int perHour) {
        return new EventIntake(db, new EventsConfig("EVENTS_SECRET", null, debounce, perHour), rings::incrementAndGet,
                Clock.systemUTC());
    }

    /** Prod manages the bucket, as a finished plan run indexed it. */
    private static long indexed(Database db, WorkspaceId ws, String... identifiers) {
        long run = StoreFixture.running(db, ws);
        db.runs().finish(run, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
        db.resourceIndex().replace(ws, run, Arrays.stream(identifiers)
                .map(i -> new ResourceIdentifier("aws_s3_bucket.logs", "arn", i)).toList());
        return run;
    }

    @Test
    void the_index_is_replaced_as_a_whole_and_says_who_manages_an_identifier() {
        try (Database db = store().open()) {
            long first = indexed(db, PROD, BUCKET_ARN, "prod-logs");
            indexed(db, STAGING, "staging-logs");
            assertThat(db.resourceIndex().owners(List.of(" prod-logs "))).singleElement().satisfies(o -> {
                assertThat(o.workspace()).isEqualTo(PROD);
                assertThat(o.address()).isEqualTo("aws_s3_bucket.logs");
            });

            long second = StoreFixture.running(db, PROD);
            db.resourceIndex().replace(PROD, second, List.of(new ResourceIdentifier("aws_s3_bucket.logs", "id",
                    "prod-logs-2")));

            assertThat(db.resourceIndex().owners(List.of("prod-logs", BUCKET_ARN))).isEmpty();
            assertThat(db.resourceIndex().owners(List.of("prod-logs-2", "staging-logs")))
                    .extracting(ResourceOwner::workspace).containsExactly(PROD, STAGING);
            assertThat(db.resourceIndex().indexed(PROD)).get().extracting(ResourceIndex.Indexed::runId)
                    .isEqualTo(second).isNotEqualTo(first);
            db.resourceIndex().replace(PROD, second, List.of());
            assertThat(db.resourceIndex().indexed(PROD)).get().extracting(ResourceIndex.Indexed::identifiers)
                    .isEqualTo(0);
            assertThat(db.resourceIndex().of(PROD)).isEmpty();
        }
    }

    @Test
    void a_matching_event_queues_one_debounced_check_above_scheduled_ones_and_a_burst_joins_it() {
        try (Database db = store().open()) {
            indexed(db, PROD, BUCKET_ARN);
            indexed(db, STAGING, "staging-logs");
            db.queuedWork().enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE));
            EventIntake intake = intake(db, Duration.ofSeconds(5), 60);

            EventIntake.Taken first = intake.take(change("ev-1", BUCKET_ARN), Instant.now());
            for (int i = 2; i <= 20; i++) {
                intake.take(change("ev-" + i, BUCKET_ARN), Instant.now());
            }

            assertThat(first.state()).isEqualTo(EventState.MATCHED);
            assertThat(first.checked()).containsExactly(PROD);
            List<WorkItem> prod = db.queuedWork().ofWorkspace(PROD, 10);
            assertThat(prod).as("20 events, one check").singleElement().satisfies(w -> {
                assertThat(w.work().trigger()).isEqualTo(Trigger.EVENT);
                assertThat(w.work().notBefore()).isAfter(Instant.now());
            });
            assertThat(db.queuedWork().claim(OWNER, 5, Instant.now())).as("within the debounce")
                    .extracting(i -> i.work().workspace()).containsExactly(STAGING);
            List<WorkItem> claimed = db.queuedWork().claim(OWNER, 5, Instant.now().plusSeconds(6));
            assertThat(claimed).extracting(i -> i.work().workspace()).containsExactly(PROD);
            assertThat(db.events().counts()).containsEntry(EventState.MATCHED, 20L);
            assertThat(rings.get()).isEqualTo(20);
        }
    }

    @Test
    void each_event_of_a_burst_moves_its_check_a_debounce_later_for_at_most_three_debounces() throws Exception {
        try (Database db = store().open()) {
            indexed(db, PROD, BUCKET_ARN);
            EventIntake intake = intake(db, Duration.ofMillis(400), 60);
            intake.take(change("ev-0", BUCKET_ARN), Instant.now());
            WorkItem first = db.queuedWork().ofWorkspace(PROD, 1).get(0);
            Instant previous = first.work().notBefore();
            for (int i = 1; i <= 12; i++) {
                Thread.sleep(150);
                intake.take(change("ev-" + i, BUCKET_ARN), Instant.now());
                Instant now = db.queuedWork().ofWorkspace(PROD, 1).get(0).work().notBefore();
                assertThat(now).isAfterOrEqualTo(previous);
                previous = now;
            }

            List<WorkItem> checks = db.queuedWork().ofWorkspace(PROD, 10);
            assertThat(checks).as("one check for the burst").hasSize(1);
            assertThat(previous).isAfter(first.work().notBefore())
                    .isBeforeOrEqualTo(first.createdAt().plus(Duration.ofMillis(1200)));
        }
    }

    @Test
    void an_event_joining_a_waiting_scheduled_check_makes_it_as_urgent_as_a_plan() {
        try (Database db = store().open()) {
            indexed(db, PROD, BUCKET_ARN);
            db.queuedWork().enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE));
            db.queuedWork().enqueue(Work.driftCheck(STAGING, Trigger.SCHEDULE));

            intake(db, Duration.ofSeconds(20), 60).take(change("ev-1", BUCKET_ARN), Instant.now());

            assertThat(db.queuedWork().ofWorkspace(PROD, 10)).hasSize(1);
            assertThat(db.queuedWork().claim(OWNER, 1, Instant.now().plusSeconds(1)))
                    .extracting(i -> i.work().workspace()).containsExactly(PROD);
        }
    }

    @Test
    void unmatched_read_only_and_plumblines_own_events_queue_nothing_and_are_kept_with_why() {
        try (Database db = store().open()) {
            indexed(db, PROD, BUCKET_ARN);
            db.workspaces().ensure(STAGING, "envs/staging", Tool.TOFU);
            EventIntake intake = intake(db, Duration.ofSeconds(20), 60);
            ChangeEvent read = new ChangeEvent("aws_sqs", "r-1", ACTOR, "s3:GetBucketTagging", null, null,
                    Instant.now(), List.of(BUCKET_ARN), true, null);
            ChangeEvent own = new ChangeEvent("aws_sqs", "o-1", "arn:aws:sts::123456789012:assumed-role/deployer/"
                    + AssumedRole.sessionName(PROD), "s3:PutBucketTagging", null, null, Instant.now(),
                    List.of(BUCKET_ARN), false, null);

            assertThat(intake.take(change("u-1", "arn:aws:s3:::nobody-manages-this"), Instant.now()).state())
                    .isEqualTo(EventState.UNMATCHED);
            assertThat(intake.take(read, Instant.now()).reason()).isEqualTo("a read-only call");
            assertThat(intake.take(own, Instant.now()).reason()).contains("Plumbline's session for infra/prod");
            long apply = db.runs().start(NewRun.first(PROD, RunKind.APPLY, Trigger.PUSH, "0a1b2c3d", Tool.TOFU,
                    "1.10.2"));
            EventIntake.Taken duringApply = intake.take(change("a-1", BUCKET_ARN), Instant.now());
            assertThat(duringApply.state()).isEqualTo(EventState.IGNORED);
            assertThat(duringApply.reason()).contains("apply run " + apply);
            EventIntake.Taken again = intake.take(change("u-1", "arn:aws:s3:::nobody-manages-this"), Instant.now());
            assertThat(again.duplicate()).as("the same message delivered again").isTrue();
            assertThat(again.state()).as("answered as it was stored").isEqualTo(EventState.UNMATCHED);
            assertThat(again.reason()).isEqualTo("already received: no workspace manages its identifiers");

            assertThat(db.queuedWork().ofWorkspace(PROD, 10)).isEmpty();
            assertThat(db.events().counts()).containsEntry(EventState.UNMATCHED, 1L)
                    .containsEntry(EventState.IGNORED, 3L).containsEntry(EventState.MATCHED, 0L);
            assertThat(rings.get()).isZero();
        }
    }

    @Test
    void the_checks_an_hour_are_capped_per_workspace_by_pushing_the_next_one_back() {
        try (Database db = store().open()) {
            indexed(db, PROD, BUCKET_ARN);
            EventIntake intake = intake(db, Duration.ZERO, 2);
            for (int i = 1; i <= 2; i++) {
                intake.take(change("ev-" + i, BUCKET_ARN), Instant.now());
                WorkItem w = db.queuedWork().claim(OWNER, 1, Instant.now().plusSeconds(1)).get(0);
                db.queuedWork().finish(w.id(), OWNER, null, WorkState.DONE);
            }

            intake.take(change("ev-3", BUCKET_ARN), Instant.now());

            WorkItem third = db.queuedWork().ofWorkspace(PROD, 1).get(0);
            assertThat(third.state()).isEqualTo(WorkState.QUEUED);
            assertThat(third.work().notBefore()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        }
    }

    @Test
    void a_check_attributes_the_findings_of_the_resources_its_events_named_and_keeps_the_times() {
        try (Database db = store().open()) {
            indexed(db, PROD, BUCKET_ARN);
            EventIntake intake = intake(db, Duration.ZERO, 60);
            long eventId = intake.take(change("ev-1", BUCKET_ARN), Instant.now()).eventId();
            long run = StoreFixture.running(db, PROD);
            List<DriftFinding> drift = List.of(
                    new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"", "\"dev\""),
                    new DriftFinding("aws_s3_bucket.other", DriftAction.DELETE, null, null, null));

            int explained = db.inTransaction(tx -> {
                tx.drift().record(run, PROD, drift);
                return tx.eventChecks().explain(run, PROD);
            });

            assertThat(explained).isEqualTo(1);
            assertThat(db.eventChecks().ofRun(run)).containsOnlyKeys("aws_s3_bucket.logs")
                    .extractingByKey("aws_s3_bucket.logs").satisfies(a -> {
                        assertThat(a.eventId()).isEqualTo(eventId);
                        assertThat(a.actor()).isEqualTo(ACTOR);
                        assertThat(a.sourceIp()).isEqualTo("203.0.113.9");
                        assertThat(a.userAgent()).isEqualTo("console.amazonaws.com");
                        assertThat(a.time()).isNotNull();
                    });
            EventTiming t = db.eventChecks().timings(10).get(0);
            assertThat(t.runId()).isEqualTo(run);
            assertThat(List.of(t.queuedAt(), t.receivedAt(), t.matchedAt(), t.checkQueuedAt(), t.checkStartedAt(),
                    t.driftStoredAt())).doesNotContainNull();
            assertThat(t.notifiedAt()).as("set when the notification is delivered (EventDriftIT)").isNull();
        }
    }

    @Test
    void a_malformed_message_is_kept_aside_once_with_its_reason() {
        try (Database db = store().open()) {
            EventIntake intake = intake(db, Duration.ZERO, 60);
            long id = intake.malformed("aws_sqs", "m-1", "reading an EventBridge event: not valid JSON", "{oops",
                    Instant.now(), Instant.now());

            assertThat(intake.malformed("aws_sqs", "m-1", "again", "{oops", null, Instant.now())).isEqualTo(id);
            assertThat(db.events().recent(EventState.MALFORMED, 10)).singleElement().satisfies(e -> {
                assertThat(e.reason()).contains("not valid JSON");
                assertThat(e.raw()).isEqualTo("{oops");
            });
        }
    }
}

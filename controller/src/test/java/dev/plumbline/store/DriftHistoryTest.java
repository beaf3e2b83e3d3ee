package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.DriftResolution;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Drift history per resource and attribute, and acknowledgements, as the store keeps them. */
class DriftHistoryTest extends OnEachStore {
    private static final String M = "0a1b2c3d";
    private static final DriftFinding LIMIT = new DriftFinding("postgresql_role.app", DriftAction.UPDATE,
            "connection_limit", "5", "50");
    private static final DriftFinding GRANT = new DriftFinding("postgresql_grant.reader", DriftAction.UPDATE,
            "privileges[0]", "\"USAGE\"", "null");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void consecutive_checks_carry_a_span_and_one_that_no_longer_sees_it_closes_it_as_gone_back() {
        try (Database db = store().open()) {
            long first = check(db, M);
            List<DriftHistory.Seen> open = db.driftHistory().observe(PROD, first, List.of(LIMIT, GRANT), DAY);
            assertThat(open).extracting(s -> s.span().checks()).containsExactly(1, 1);
            long second = check(db, M);
            open = db.driftHistory().observe(PROD, second, List.of(LIMIT), DAY);

            assertThat(open).singleElement().satisfies(s -> {
                assertThat(s.span().address()).isEqualTo("postgresql_role.app");
                assertThat(s.span().checks()).isEqualTo(2);
                assertThat(s.span().firstRunId()).isEqualTo(first);
                assertThat(s.span().lastRunId()).isEqualTo(second);
                assertThat(s.recentResolutions()).isZero();
            });
            DriftSpan grant = db.driftHistory().of(PROD, Optional.of("postgresql_grant.reader"), 10).get(0);
            assertThat(grant.resolved().how()).isEqualTo(DriftResolution.WENT_BACK);
            assertThat(grant.resolved().runId()).isEqualTo(second);
            assertThat(grant.resolved().byRunId()).isNull();
            assertThat(db.driftHistory().open(Optional.empty())).extracting(DriftSpan::attributePath)
                    .containsExactly("connection_limit");
        }
    }

    @Test
    void an_apply_of_the_same_commit_remediated_and_of_another_changed_it_in_git() {
        try (Database db = store().open()) {
            db.driftHistory().observe(PROD, check(db, M), List.of(LIMIT, GRANT), DAY);
            long apply = apply(db, M);
            db.driftHistory().observe(PROD, check(db, M), List.of(GRANT), DAY);
            DriftSpan remediated = db.driftHistory().of(PROD, Optional.of(LIMIT.address()), 10).get(0);
            assertThat(remediated.resolved().how()).isEqualTo(DriftResolution.REMEDIATED);
            assertThat(remediated.resolved().byRunId()).isEqualTo(apply);

            long gitApply = apply(db, "ffff0000");
            db.driftHistory().observe(PROD, check(db, "ffff0000"), List.of(), DAY);
            DriftSpan changed = db.driftHistory().of(PROD, Optional.of(GRANT.address()), 10).get(0);
            assertThat(changed.resolved().how()).isEqualTo(DriftResolution.CHANGED_IN_GIT);
            assertThat(changed.resolved().byCommit()).isEqualTo("ffff0000");
            assertThat(changed.resolved().byRunId()).isEqualTo(gitApply);
            assertThat(db.driftHistory().open(Optional.of(PROD))).isEmpty();
        }
    }

    @Test
    void a_drift_that_keeps_coming_back_counts_its_recent_resolutions() {
        try (Database db = store().open()) {
            List<DriftHistory.Seen> open = List.of();
            for (int i = 0; i < 4; i++) {
                open = db.driftHistory().observe(PROD, check(db, M), List.of(LIMIT), DAY);
                if (i < 3) {
                    db.driftHistory().observe(PROD, check(db, M), List.of(), DAY);
                }
            }
            assertThat(open).singleElement().extracting(DriftHistory.Seen::recentResolutions).isEqualTo(3);
            assertThat(db.driftHistory().of(PROD, Optional.empty(), 100)).hasSize(4);
            assertThat(db.driftHistory().observe(PROD, check(db, M), List.of(LIMIT), Duration.ZERO))
                    .singleElement().extracting(DriftHistory.Seen::recentResolutions).isEqualTo(0);
        }
    }

    @Test
    void an_acknowledgement_covers_the_open_drift_until_it_expires() {
        try (Database db = store().open()) {
            db.driftHistory().observe(PROD, check(db, M), List.of(LIMIT, GRANT), DAY);
            Instant now = Instant.now();

            DriftAck ack = db.driftAcks().acknowledge(PROD, Optional.of(LIMIT.address()), "alice", "pooler",
                    now.plus(Duration.ofDays(7)));

            assertThat(ack.items()).isEqualTo(1);
            assertThat(db.driftAcks().covered(PROD, now))
                    .containsExactly(DriftAcks.key(LIMIT.address(), LIMIT.attributePath(), "update"));
            assertThat(db.driftAcks().covered(PROD, now.plus(Duration.ofDays(8)))).isEmpty();
            assertThat(db.driftAcks().active(Optional.empty(), now)).singleElement()
                    .satisfies(a -> assertThat(a.by()).isEqualTo("alice"));
        }
    }

    @Test
    void acknowledging_what_is_not_drifted_or_in_the_past_is_refused_naming_the_workspace() {
        try (Database db = store().open()) {
            db.driftHistory().observe(PROD, check(db, M), List.of(LIMIT), DAY);
            Instant later = Instant.now().plus(DAY);

            assertThatThrownBy(() -> db.driftAcks().acknowledge(PROD, Optional.of("aws_s3_bucket.nope"), "a", "r",
                    later)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("acknowledging the drift of infra/prod at aws_s3_bucket.nope: there is no "
                            + "open drift");
            assertThatThrownBy(() -> db.driftAcks().acknowledge(PROD, Optional.empty(), "a", "r",
                    Instant.now().minusSeconds(1))).hasMessageContaining("is not in the future");
            assertThat(db.driftAcks().active(Optional.of(PROD), Instant.now())).isEmpty();
        }
    }

    @Test
    void findings_keep_their_disposition_and_rule() {
        try (Database db = store().open()) {
            long run = check(db, M);
            DriftFinding noise = new DriftFinding("postgresql_role.app", DriftAction.UPDATE, "roles", "null", "[]",
                    DriftDisposition.NOISE, null);
            DriftFinding ignored = LIMIT.ignoredBy(".plumbline.yaml: workspaces[0].drift.ignore[0]");

            db.drift().record(run, PROD, List.of(noise, ignored, GRANT));

            assertThat(db.drift().forRun(run)).containsExactly(noise, ignored, GRANT);
        }
    }

    private static long check(Database db, String commit) {
        db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
        long id = db.runs().start(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, commit, Tool.TOFU, "1.12.6"));
        db.runs().finish(id, RunOutcome.succeeded(2, Classification.DRIFTED, ResourceCounts.NONE));
        return id;
    }

    private static long apply(Database db, String commit) {
        long id = db.runs().start(NewRun.first(PROD, RunKind.APPLY, Trigger.MANUAL, commit, Tool.TOFU, "1.12.6"));
        db.runs().finish(id, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
        return id;
    }
}

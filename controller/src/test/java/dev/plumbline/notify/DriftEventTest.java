package dev.plumbline.notify;

import static dev.plumbline.notify.NotifyFixture.AT;
import static dev.plumbline.notify.NotifyFixture.PROD;
import static dev.plumbline.notify.NotifyFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.WorkspaceId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DriftEventTest {
    @Test
    void the_stored_json_reads_back_as_the_same_event_with_the_same_id() {
        DriftEvent e = event("changed", List.of("aws_iam_role.ci", "aws_s3_bucket.logs"));
        DriftEvent noLink = new DriftEvent("resolved", PROD, 7, List.of(), null, AT.plusNanos(123_000));

        assertThat(DriftEvent.fromJson(e.json())).isEqualTo(e);
        assertThat(DriftEvent.fromJson(noLink.json())).isEqualTo(noLink);
        assertThat(DriftEvent.fromJson(e.json()).eventId()).isEqualTo(e.eventId());
    }

    @Test
    void a_held_remediation_says_why_in_its_payload_and_headline() {
        DriftEvent held = DriftEvent.held(PROD, 42, List.of("local_file.greeting"), "remediation held for approval: "
                + "it is 2026-12-05T09:30:00Z, outside drift.remediate.windows (Mon-Fri 08:00-18:00 UTC)", null, AT);

        assertThat(held.json()).contains("\"transition\":\"held\"", "\"reason\":\"remediation held for approval");
        assertThat(DriftEvent.fromJson(held.json())).isEqualTo(held);
        assertThat(held.headline()).startsWith("Drift in infra/prod not remediated: remediation held for approval")
                .endsWith("approve the plan to apply it (run 42)");
        assertThat(event("new", List.of("a.b")).json()).doesNotContain("reason");
    }

    @Test
    void the_event_id_is_a_uuid_that_differs_with_workspace_run_transition_or_moment() {
        DriftEvent e = event("new", List.of("a.b"));

        assertThat(UUID.fromString(e.eventId())).isNotNull();
        assertThat(event("new", List.of("c.d")).eventId()).as("the same event, whatever it lists")
                .isEqualTo(e.eventId());
        assertThat(List.of(
                new DriftEvent("resolved", PROD, 42, List.of(), e.link(), AT).eventId(),
                new DriftEvent("new", PROD, 43, List.of("a.b"), e.link(), AT).eventId(),
                new DriftEvent("new", PROD, 42, List.of("a.b"), e.link(), AT.plusMillis(1)).eventId(),
                new DriftEvent("new", new WorkspaceId("infra", "staging"), 42, List.of("a.b"), e.link(), AT).eventId()))
                .doesNotContain(e.eventId()).doesNotHaveDuplicates();
    }

    @Test
    void a_stored_payload_that_is_no_drift_event_is_refused_saying_so() {
        assertThatThrownBy(() -> DriftEvent.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reading a stored drift event: not JSON");
        assertThatThrownBy(() -> DriftEvent.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reading a stored drift event: expected the fields of a drift event");
        String badTime = event("new", List.of("a.b")).json().replace("2026-03-01T12:00:00Z", "yesterday");
        assertThatThrownBy(() -> DriftEvent.fromJson(badTime)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reading a stored drift event: 'at' is not an instant");
        DriftEvent e = event("new", List.of("a.b"));
        assertThatThrownBy(() -> DriftEvent.fromJson(e.json().replace(e.eventId(), "0-0-0-0-0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("its event_id is not the one");
        String badTransition = event("new", List.of("a.b")).json().replace("\"new\"", "\"gone\"");
        assertThatThrownBy(() -> DriftEvent.fromJson(badTransition)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transition must be one of");
    }
}

package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drift findings in {@code --json} output keep the action in words, as they were printed before it became a code. */
class DriftJsonTest {
    private static final DriftFinding TAGS =
            new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"", "\"dev\"");

    @Test
    void show_prints_each_finding_with_its_action_in_words() throws Exception {
        JsonNode drift = Common.JSON.readTree(Common.json(Map.of("drift",
                List.of(RunCommands.FindingView.of(TAGS, null))))).path("drift").path(0);

        assertThat(drift.toString()).isEqualTo("{\"address\":\"aws_s3_bucket.logs\",\"action\":\"has changed\","
                + "\"attribute_path\":\"tags.owner\",\"before\":\"\\\"ops\\\"\",\"after\":\"\\\"dev\\\"\","
                + "\"disposition\":\"drift\",\"rule\":null,\"changed_by\":null}");
    }

    @Test
    void show_names_who_changed_a_resource_when_an_event_says() throws Exception {
        Attribution by = new Attribution(7, "aws_sqs", "arn:aws:sts::123456789012:assumed-role/Admin/maria",
                "s3:PutBucketTagging", "203.0.113.9", "console.amazonaws.com", Instant.parse("2026-12-01T09:30:00Z"));
        JsonNode drift = Common.JSON.readTree(Common.json(Map.of("drift",
                List.of(RunCommands.FindingView.of(TAGS, by))))).path("drift").path(0);

        assertThat(drift.path("changed_by").path("actor").asText()).endsWith("assumed-role/Admin/maria");
        assertThat(drift.path("changed_by").path("action").asText()).isEqualTo("s3:PutBucketTagging");
        assertThat(drift.path("changed_by").path("source_ip").asText()).isEqualTo("203.0.113.9");
        assertThat(drift.path("changed_by").path("user_agent").asText()).isEqualTo("console.amazonaws.com");
        assertThat(drift.path("changed_by").path("time").asText()).isEqualTo("2026-12-01T09:30:00Z");
        assertThat(drift.path("changed_by").path("event_id").asLong()).isEqualTo(7);
    }
}

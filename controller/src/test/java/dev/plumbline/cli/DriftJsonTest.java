package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
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
                List.of(RunCommands.FindingView.of(TAGS))))).path("drift").path(0);

        assertThat(drift.toString()).isEqualTo("{\"address\":\"aws_s3_bucket.logs\",\"action\":\"has changed\","
                + "\"attribute_path\":\"tags.owner\",\"before\":\"\\\"ops\\\"\",\"after\":\"\\\"dev\\\"\",\"disposition\":\"drift\",\"rule\":null}");
    }
}

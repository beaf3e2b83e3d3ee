package dev.plumbline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DriftActionTest {

    @Test
    void every_action_reads_back_from_its_code() {
        assertThat(DriftAction.values()).allSatisfy(a -> assertThat(DriftAction.parse(a.wire())).isEqualTo(a));
    }

    @Test
    void codes_fit_the_stored_column() {
        // drift_findings.action is VARCHAR(20)
        assertThat(Arrays.stream(DriftAction.values()).map(DriftAction::wire)).allMatch(code -> code.length() <= 20);
    }

    @Test
    void prose_is_how_plan_text_says_it() {
        assertThat(DriftAction.UPDATE.prose()).isEqualTo("has changed");
        assertThat(DriftAction.DELETE.prose()).isEqualTo("has been deleted");
        assertThat(DriftAction.FORGET.prose()).isEqualTo("has been removed from the state");
    }

    @Test
    void a_finding_rewrites_its_values_and_keeps_missing_ones_missing() {
        DriftFinding f = new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"", null);

        assertThat(f.withValues(v -> v.replace("ops", "***")))
                .isEqualTo(new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"***\"", null));
    }
}

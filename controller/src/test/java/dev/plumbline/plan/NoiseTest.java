package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import org.junit.jupiter.api.Test;

/** Which differences refresh reports are the same value written two ways, on plans built the way tofu writes them. */
class NoiseTest {

    @Test
    void null_and_empty_list_map_and_string_are_noise() throws Exception {
        assertNoise("{\"roles\": null, \"tags\": null, \"desc\": null}",
                "{\"roles\": [], \"tags\": {}, \"desc\": \"\"}");
    }

    @Test
    void a_policy_encoded_again_with_other_spacing_and_key_order_is_noise() throws Exception {
        assertNoise("{\"policy\": \"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\"}]}\"}",
                "{\"policy\": \"{\\n  \\\"Statement\\\": [ { \\\"Effect\\\": \\\"Allow\\\" } ],\\n  \\\"Version\\\": \\\"2012-10-17\\\"\\n}\\n\"}");
    }

    @Test
    void a_set_read_back_in_another_order_is_noise() throws Exception {
        assertNoise("{\"cidrs\": [\"10.0.0.0/8\", \"192.168.0.0/16\"]}", "{\"cidrs\": [\"192.168.0.0/16\", \"10.0.0.0/8\"]}");
    }

    @Test
    void trailing_whitespace_and_newlines_are_noise() throws Exception {
        assertNoise("{\"script\": \"echo hi\"}", "{\"script\": \"echo hi\\n\\n  \"}");
    }

    @Test
    void a_value_only_known_after_apply_is_noise() throws Exception {
        PlanAnalysis analysis = analysis(drift("{\"id\": \"a\", \"arn\": \"x\"}", "{\"id\": \"a\"}",
                "{\"arn\": true}"));

        assertThat(analysis.driftFindings()).extracting(DriftFinding::attributePath, DriftFinding::disposition)
                .containsExactly(tuple("arn", DriftDisposition.NOISE));
        assertThat(analysis.classification()).isEqualTo(Classification.IN_SYNC);
    }

    @Test
    void a_real_change_beside_noise_is_drift_and_the_noise_stays_noise() throws Exception {
        PlanAnalysis analysis = analysis(drift("{\"roles\": null, \"limit\": 5}", "{\"roles\": [], \"limit\": 50}", null));

        assertThat(analysis.classification()).isEqualTo(Classification.DRIFTED);
        assertThat(analysis.driftFindings()).extracting(DriftFinding::attributePath, DriftFinding::disposition)
                .containsExactlyInAnyOrder(tuple("roles", DriftDisposition.NOISE),
                        tuple("limit", DriftDisposition.DRIFT));
    }

    @Test
    void different_elements_empty_versus_a_value_and_other_json_are_drift() throws Exception {
        assertDrift("{\"cidrs\": [\"10.0.0.0/8\"]}", "{\"cidrs\": [\"10.0.0.0/8\", \"10.0.0.0/8\"]}");
        assertDrift("{\"roles\": null}", "{\"roles\": [\"admin\"]}");
        assertDrift("{\"policy\": \"{\\\"a\\\": 1}\"}", "{\"policy\": \"{\\\"a\\\": 2}\"}");
        assertDrift("{\"name\": \" x\"}", "{\"name\": \"x\"}");
        assertDrift("{\"n\": 0}", "{\"n\": null}");
    }

    @Test
    void a_sensitive_value_that_changed_is_drift_though_both_sides_read_masked() throws Exception {
        ObjectNode plan = drift("{\"password\": \"old\"}", "{\"password\": \"new\"}", null);
        ObjectNode change = (ObjectNode) plan.path("resource_drift").get(0).path("change");
        change.set("before_sensitive", PlanReader.mapper().readTree("{\"password\": true}"));
        change.set("after_sensitive", PlanReader.mapper().readTree("{\"password\": true}"));

        PlanAnalysis analysis = analysis(plan);

        assertThat(analysis.classification()).isEqualTo(Classification.DRIFTED);
        assertThat(analysis.realDrift()).singleElement().satisfies(f -> {
            assertThat(f.attributePath()).isEqualTo("password");
            assertThat(f.before()).doesNotContain("old");
        });
    }

    @Test
    void noise_in_resource_changes_is_still_a_change() throws Exception {
        ObjectNode plan = drift("{\"roles\": null}", "{\"roles\": []}", null);
        plan.set("resource_changes", plan.get("resource_drift").deepCopy());

        PlanAnalysis analysis = analysis(plan);

        // what applying would do is tofu's to say: normalisation only decides what refresh's drift is called
        assertThat(analysis.classification()).isEqualTo(Classification.CHANGES_PENDING);
    }

    private static void assertNoise(String before, String after) throws Exception {
        PlanAnalysis analysis = analysis(drift(before, after, null));
        assertThat(analysis.classification()).as(before + " -> " + after).isEqualTo(Classification.IN_SYNC);
        assertThat(analysis.driftFindings()).isNotEmpty().extracting(DriftFinding::disposition)
                .containsOnly(DriftDisposition.NOISE);
    }

    private static void assertDrift(String before, String after) throws Exception {
        PlanAnalysis analysis = analysis(drift(before, after, null));
        assertThat(analysis.classification()).as(before + " -> " + after).isEqualTo(Classification.DRIFTED);
    }

    private static PlanAnalysis analysis(ObjectNode plan) throws Exception {
        return PlanAnalysis.of(PlanReader.read(plan.toString()));
    }

    /** A plan whose only entry is refresh's drift of one resource, as tofu writes it. */
    static ObjectNode drift(String before, String after, String afterUnknown) throws Exception {
        ObjectNode plan = (ObjectNode) PlanReader.mapper().readTree("{\"format_version\": \"1.2\","
                + " \"terraform_version\": \"1.12.6\", \"planned_values\": {}, \"resource_changes\": [],"
                + " \"resource_drift\": [{\"address\": \"aws_thing.a\", \"mode\": \"managed\", \"type\": \"aws_thing\","
                + " \"name\": \"a\", \"provider_name\": \"registry.opentofu.org/hashicorp/aws\", \"change\": {"
                + " \"actions\": [\"update\"], \"before\": " + before + ", \"after\": " + after
                + ", \"after_unknown\": " + (afterUnknown == null ? "{}" : afterUnknown)
                + ", \"before_sensitive\": {}, \"after_sensitive\": {}}}]}");
        return plan;
    }
}

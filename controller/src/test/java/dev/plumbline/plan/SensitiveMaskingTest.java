package dev.plumbline.plan;

import static dev.plumbline.plan.Fixtures.CANARY;
import static dev.plumbline.plan.PlanReaderTest.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SensitiveMaskingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_fixture_really_holds_the_canary() {
        // guards the tests below: they prove nothing if tofu stopped writing the secret into the plan
        assertThat(Fixtures.json("sensitive")).contains(CANARY);
    }

    @Test
    void canary_appears_nowhere_in_text_summary_json_masked_json_or_model() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("sensitive");

        assertThat(analysis.text()).doesNotContain(CANARY);
        assertThat(AnalysisJson.of(analysis).toString()).doesNotContain(CANARY);
        assertThat(analysis.maskedJson()).doesNotContain(CANARY);
        assertThat(analysis.plan().toString()).doesNotContain(CANARY);
        assertThat(analysis.driftFindings().toString()).doesNotContain(CANARY);
        assertThat(analysis.drifted().toString()).doesNotContain(CANARY);
    }

    @Test
    void a_changed_sensitive_attribute_is_listed_with_both_sides_masked() throws Exception {
        ResourceChange file = change(Fixtures.plan("sensitive"), "local_sensitive_file.credentials");

        assertThat(file.kind()).isEqualTo(ChangeKind.REPLACE);
        assertThat(file.attributeChanges())
                .extracting(AttributeChange::path, AttributeChange::beforeText, AttributeChange::afterText)
                .contains(tuple("content", Masks.SENSITIVE, Masks.SENSITIVE));
        assertThat(file.replacePaths()).containsExactly("content");
        assertThat(file.before().path("content").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(file.after().path("content").asText()).isEqualTo(Masks.SENSITIVE);
    }

    @Test
    void a_secret_copied_into_an_unmarked_attribute_is_masked_too() throws Exception {
        // terraform_data.output echoes the sensitive input, and tofu leaves it unmarked in before
        assertThat(Fixtures.json("sensitive")).contains("\"output\": {\n            \"password\": \"" + CANARY);
        ResourceChange connection = change(Fixtures.plan("sensitive"), "terraform_data.connection");

        assertThat(connection.before().path("output").path("password").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(connection.before().path("output").path("user").asText()).isEqualTo("app");
    }

    @Test
    void sensitive_output_is_masked_whole() throws Exception {
        OutputChange output = Fixtures.plan("sensitive").outputChanges().get(0);

        assertThat(output.name()).isEqualTo("db_password");
        assertThat(output.sensitive()).isTrue();
        assertThat(output.before().asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(output.after().asText()).isEqualTo(Masks.SENSITIVE);
    }

    @Test
    void masked_json_hides_every_section_and_keeps_the_rest() throws Exception {
        JsonNode masked = JSON.readTree(Fixtures.analysis("sensitive").maskedJson());

        assertThat(masked.at("/configuration/root_module/variables/db_password/default").asText())
                .isEqualTo(Masks.SENSITIVE);
        assertThat(masked.at("/planned_values/outputs/db_password/value").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(masked.at("/prior_state/values/outputs/db_password/value").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(masked.at("/output_changes/db_password/after").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(masked.at("/resource_changes/1/change/after/input/password").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(masked.at("/resource_changes/1/change/after/input/user").asText()).isEqualTo("app");
        assertThat(masked.at("/resource_changes/0/change/before/filename").asText()).isEqualTo("./out/credentials.txt");
    }

    @Test
    void sensitive_variable_value_is_masked_and_a_plain_one_kept() throws Exception {
        JsonNode sensitive = JSON.readTree(Fixtures.analysis("sensitive").maskedJson());
        JsonNode plain = JSON.readTree(Fixtures.analysis("errored").maskedJson());

        assertThat(sensitive.at("/variables/db_password/value").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(plain.at("/variables/replicas/value").asInt()).isEqualTo(2);
    }

    @Test
    void a_variable_the_configuration_does_not_declare_is_masked() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("errored"));
        ((ObjectNode) plan.get("variables")).putObject("from_cli").put("value", "given-on-command-line");

        JsonNode masked = JSON.readTree(PlanReader.read(plan.toString()).maskedJson());

        assertThat(masked.at("/variables/from_cli/value").asText()).isEqualTo(Masks.SENSITIVE);
    }

    @Test
    void drift_entries_are_masked_like_changes() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("sensitive"));
        plan.set("resource_drift", plan.get("resource_changes").deepCopy());

        Plan read = PlanReader.read(plan.toString());
        PlanAnalysis analysis = PlanAnalysis.of(read);

        assertThat(read.resourceDrift()).hasSize(2);
        assertThat(analysis.driftFindings()).isNotEmpty();
        assertThat(analysis.driftFindings().toString()).doesNotContain(CANARY);
        assertThat(analysis.drifted().toString()).doesNotContain(CANARY);
        assertThat(analysis.text()).contains("Changed outside of Plumbline/Git").doesNotContain(CANARY);
        assertThat(read.maskedJson()).doesNotContain(CANARY);
    }

    @Test
    void digests_of_a_sensitive_attribute_are_masked_wherever_they_appear() throws Exception {
        ObjectNode raw = (ObjectNode) JSON.readTree(Fixtures.json("sensitive"));
        raw.set("resource_drift", raw.get("resource_changes").deepCopy());
        JsonNode before = raw.at("/resource_changes/0/change/before");
        List<String> digests = DigestMarks.DIGESTS.stream().map(d -> before.path("content_" + d).asText()).toList();
        assertThat(digests).as("the fixture holds tofu's digests of the secret file").allMatch(d -> d.length() >= 32);

        Plan read = PlanReader.read(raw.toString());
        PlanAnalysis analysis = PlanAnalysis.of(read);
        ResourceChange file = change(read, "local_sensitive_file.credentials");

        for (String digest : digests) {
            assertThat(read.maskedJson()).doesNotContain(digest);
            assertThat(analysis.text()).doesNotContain(digest);
            assertThat(analysis.driftFindings().toString()).doesNotContain(digest);
            assertThat(analysis.drifted().toString()).doesNotContain(digest);
            assertThat(file.before().toString()).doesNotContain(digest);
            assertThat(file.attributeChanges().toString()).doesNotContain(digest);
        }
        assertThat(file.before().path("content_sha256").asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(file.attributeChanges()).extracting(AttributeChange::path, AttributeChange::beforeText)
                .contains(tuple("content_sha256", Masks.SENSITIVE), tuple("content_base64sha512", Masks.SENSITIVE));
        assertThat(JSON.readTree(read.maskedJson()).at("/prior_state/values/root_module/resources/0/values/content_md5")
                .asText()).isEqualTo(Masks.SENSITIVE);
        assertThat(file.before().path("filename").asText()).as("unrelated attributes stay").isEqualTo("./out/credentials.txt");
    }

    @Test
    void digests_beside_a_sensitive_prefixed_attribute_are_masked() throws Exception {
        // local_file keeps the digests of its sensitive_content as content_<digest>
        ObjectNode raw = (ObjectNode) JSON.readTree(Fixtures.json("sensitive"));
        ObjectNode change = (ObjectNode) raw.at("/resource_changes/0/change");
        ObjectNode before = (ObjectNode) change.get("before");
        before.set("sensitive_content", before.remove("content"));
        before.putNull("content");
        change.putObject("before_sensitive").put("sensitive_content", true);
        String sha256 = before.path("content_sha256").asText();

        Plan read = PlanReader.read(raw.toString());

        assertThat(read.maskedJson()).doesNotContain(sha256);
        assertThat(change(read, "local_sensitive_file.credentials").before().path("content_sha256").asText())
                .isEqualTo(Masks.SENSITIVE);
    }

    @Test
    void a_sensitive_number_is_masked_where_it_is_marked() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("sensitive"));
        ObjectNode after = (ObjectNode) plan.at("/resource_changes/1/change/after/input");
        after.put("password", 4242);

        Plan read = PlanReader.read(plan.toString());

        assertThat(JSON.readTree(read.maskedJson()).at("/resource_changes/1/change/after/input/password").asText())
                .isEqualTo(Masks.SENSITIVE);
        assertThat(change(read, "terraform_data.connection").after().at("/input/password").asText())
                .isEqualTo(Masks.SENSITIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"in_sync", "drifted", "changes_pending", "output_only", "replace", "delete", "errored"})
    void plans_without_secrets_keep_their_values(String scenario) throws Exception {
        Plan plan = Fixtures.plan(scenario);

        assertThat(plan.maskedJson()).doesNotContain(Masks.SENSITIVE);
        assertThat(JSON.readTree(plan.maskedJson()).path("resource_changes"))
                .isEqualTo(JSON.readTree(Fixtures.json(scenario)).path("resource_changes"));
    }

    @Test
    void accessors_hand_out_copies() throws Exception {
        ResourceChange connection = change(Fixtures.plan("sensitive"), "terraform_data.connection");

        ((ObjectNode) connection.before()).put("id", "changed");

        assertThat(connection.before().path("id").asText()).isNotEqualTo("changed");
    }
}

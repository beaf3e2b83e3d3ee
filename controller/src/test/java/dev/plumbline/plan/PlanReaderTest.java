package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PlanReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void invalid_json_is_refused_with_its_position_but_not_its_content() {
        assertThatThrownBy(() -> PlanReader.read("{\n  \"format_version\": \"1.2\",\n  \"x\": canary-s3cr3t-7f3a\n}"))
                .isInstanceOf(PlanFormatException.class)
                .hasMessageStartingWith("reading plan JSON: not valid JSON at line 3")
                .hasMessageNotContaining("canary");
    }

    @Test
    void empty_input_is_refused() {
        assertThatThrownBy(() -> PlanReader.read("")).hasMessage("reading plan JSON: the input is empty");
    }

    @Test
    void top_level_array_is_refused() {
        assertThatThrownBy(() -> PlanReader.read("[]"))
                .hasMessage("reading plan JSON: expected an object at the top level, got a list");
    }

    @Test
    void state_json_is_refused_as_not_a_plan() {
        String state = "{\"format_version\":\"1.0\",\"terraform_version\":\"1.12.6\",\"values\":{\"root_module\":{}}}";
        assertThatThrownBy(() -> PlanReader.read(state)).hasMessageContaining("looks like state, not a plan");
    }

    @Test
    void json_without_format_version_is_refused() {
        assertThatThrownBy(() -> PlanReader.read("{\"planned_values\":{}}")).hasMessageContaining("no format_version");
    }

    @Test
    void unsupported_major_format_version_is_refused() {
        assertThatThrownBy(() -> PlanReader.read("{\"format_version\":\"2.0\",\"planned_values\":{}}"))
                .hasMessageContaining("unsupported format_version '2.0'");
    }

    @Test
    void unknown_action_is_refused_naming_the_entry() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("replace"));
        ((ObjectNode) plan.withArray("resource_changes").get(0).get("change"))
                .putArray("actions").add("teleport");
        assertThatThrownBy(() -> PlanReader.read(plan.toString()))
                .hasMessage("reading resource_changes[0] (local_file.motd): unknown action 'teleport'");
    }

    @Test
    void change_without_actions_is_refused_naming_the_entry() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("replace"));
        ((ObjectNode) plan.withArray("resource_changes").get(0).get("change")).remove("actions");
        assertThatThrownBy(() -> PlanReader.read(plan.toString()))
                .hasMessage("reading resource_changes[0] (local_file.motd): no change.actions");
    }

    @Test
    void resource_changes_of_the_wrong_type_are_refused() {
        assertThatThrownBy(() -> PlanReader.read("{\"format_version\":\"1.2\",\"resource_changes\":{\"a\":1}}"))
                .hasMessage("resource_changes: must be a list, got an object");
    }

    @Test
    void a_string_longer_than_jacksons_default_limit_is_read() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("replace"));
        String large = "x".repeat(21_000_000);
        ((ObjectNode) plan.at("/resource_changes/0/change/after")).put("content", large);

        Plan read = PlanReader.read(plan.toString());

        assertThat(read.resourceChanges().get(0).after().path("content").asText()).hasSize(large.length());
    }

    @Test
    void unknown_fields_are_ignored() throws Exception {
        ObjectNode plan = (ObjectNode) JSON.readTree(Fixtures.json("changes_pending"));
        plan.put("some_future_field", "x");
        ((ObjectNode) plan.withArray("resource_changes").get(0)).putObject("future_detail").put("y", 1);
        ((ObjectNode) plan.withArray("resource_changes").get(0).get("change")).put("future_flag", true);

        PlanAnalysis extended = PlanAnalysis.of(PlanReader.read(plan.toString()));
        PlanAnalysis original = Fixtures.analysis("changes_pending");

        assertThat(extended.classification()).isEqualTo(original.classification());
        assertThat(extended.counts()).isEqualTo(original.counts());
        assertThat(extended.plan().resourceChanges()).isEqualTo(original.plan().resourceChanges());
    }

    @Test
    void reads_versions_and_addresses_of_a_real_plan() throws Exception {
        Plan plan = Fixtures.plan("changes_pending");

        assertThat(plan.formatVersion()).startsWith("1.");
        assertThat(plan.terraformVersion()).startsWith("1.12.6");
        assertThat(plan.errored()).isFalse();
        assertThat(plan.resourceChanges()).extracting(ResourceChange::address)
                .containsExactlyInAnyOrder("local_file.added", "terraform_data.settings");
        ResourceChange added = change(plan, "local_file.added");
        assertThat(added.mode()).isEqualTo("managed");
        assertThat(added.type()).isEqualTo("local_file");
        assertThat(added.name()).isEqualTo("added");
        assertThat(added.moduleAddress()).isNull();
        assertThat(added.provider()).isEqualTo("registry.opentofu.org/hashicorp/local");
        assertThat(added.actions()).containsExactly(Action.CREATE);
        assertThat(added.kind()).isEqualTo(ChangeKind.CREATE);
    }

    static ResourceChange change(Plan plan, String address) {
        return plan.resourceChanges().stream().filter(rc -> rc.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource change " + address));
    }
}

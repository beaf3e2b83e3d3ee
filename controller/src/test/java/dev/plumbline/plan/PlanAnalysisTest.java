package dev.plumbline.plan;

import static dev.plumbline.plan.PlanReaderTest.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanAnalysisTest {

    @ParameterizedTest(name = "{0} is {1}, {2} to add, {3} to change, {4} to destroy")
    @CsvSource({
        "in_sync,              IN_SYNC,         0, 0, 0",
        "drifted,              DRIFTED,         1, 0, 0",
        "drifted_deleted,      DRIFTED,         1, 0, 0",
        "drifted_refresh_only, DRIFTED,         0, 0, 0",
        "changes_pending,      CHANGES_PENDING, 1, 1, 0",
        "output_only,          OUTPUT_ONLY,     0, 0, 0",
        "replace,              CHANGES_PENDING, 1, 0, 1",
        "delete,               CHANGES_PENDING, 0, 0, 1",
        "sensitive,            CHANGES_PENDING, 1, 1, 1",
        "errored,              ERRORED,         1, 0, 0",
    })
    void each_real_plan_is_classified_and_counted_like_tofu(
            String scenario, Classification expected, int add, int change, int destroy) throws Exception {
        PlanAnalysis analysis = Fixtures.analysis(scenario);

        assertThat(analysis.classification()).isEqualTo(expected);
        assertThat(analysis.counts()).isEqualTo(new ResourceCounts(add, change, destroy, 0));
    }

    @Test
    void in_sync_plan_has_only_no_op_changes() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("in_sync");

        assertThat(analysis.plan().resourceChanges()).extracting(ResourceChange::address)
                .containsExactlyInAnyOrder("local_file.config", "random_integer.port", "terraform_data.settings");
        assertThat(analysis.plan().resourceChanges()).allSatisfy(rc -> {
            assertThat(rc.kind()).isEqualTo(ChangeKind.NO_OP);
            assertThat(rc.changedAttributes()).isEmpty();
        });
        assertThat(analysis.pendingChanges()).isEmpty();
        assertThat(analysis.driftFindings()).isEmpty();
    }

    @Test
    void drift_is_reported_when_file_changed_outside_git() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("drifted");

        // local_file's refresh drops an object whose file no longer matches: drift reads as a deletion
        assertThat(analysis.plan().resourceDrift()).extracting(ResourceChange::address, ResourceChange::kind)
                .containsExactly(tuple("local_file.managed", ChangeKind.DELETE));
        assertThat(analysis.plan().resourceDrift().get(0).changedAttributes())
                .contains("content", "filename", "id");
        assertThat(analysis.pendingChanges()).extracting(ResourceChange::address, ResourceChange::kind)
                .containsExactly(tuple("local_file.managed", ChangeKind.CREATE));
        assertThat(change(analysis.plan(), "local_file.untouched").kind()).isEqualTo(ChangeKind.NO_OP);
    }

    @Test
    void drift_is_reported_when_managed_file_deleted_outside_git() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("drifted_deleted");

        assertThat(analysis.drifted()).singleElement().satisfies(finding -> {
            assertThat(finding.address()).isEqualTo("local_file.managed");
            assertThat(finding.kind()).isEqualTo(ChangeKind.DELETE);
            assertThat(finding.path()).isEmpty();
            assertThat(finding.before().path("content").asText()).isEqualTo("written by git\n");
            assertThat(finding.after().isNull()).isTrue();
        });
        assertThat(analysis.driftFindings()).singleElement().satisfies(finding -> {
            assertThat(finding.action()).isEqualTo(DriftAction.DELETE);
            assertThat(finding.attributePath()).isEmpty();
            assertThat(finding.before()).contains("written by git");
            assertThat(finding.after()).isEqualTo("null");
        });
    }

    @Test
    void refresh_only_plan_reports_drift_without_proposing_changes() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("drifted_refresh_only");

        assertThat(analysis.plan().resourceChanges()).isEmpty();
        assertThat(analysis.plan().resourceDrift()).extracting(ResourceChange::address)
                .containsExactly("local_file.managed");
    }

    @Test
    void attribute_drift_gives_one_finding_per_changed_path() throws Exception {
        // No available provider reports an in-place drift (local_file drops the object instead), so this takes
        // the real update of changes_pending and files it under resource_drift, where tofu puts such drift.
        ObjectMapper json = new ObjectMapper();
        ObjectNode plan = (ObjectNode) json.readTree(Fixtures.json("changes_pending"));
        ArrayNode changes = plan.withArray("resource_changes");
        ArrayNode drift = plan.putArray("resource_drift");
        changes.forEach(rc -> {
            if (rc.path("address").asText().equals("terraform_data.settings")) {
                drift.add(rc.deepCopy());
            }
        });
        plan.putArray("resource_changes");

        PlanAnalysis analysis = PlanAnalysis.of(PlanReader.read(plan.toString()));

        assertThat(analysis.classification()).isEqualTo(Classification.DRIFTED);
        assertThat(analysis.driftFindings())
                .extracting(DriftFinding::address, DriftFinding::attributePath, DriftFinding::before, DriftFinding::after)
                .contains(
                        tuple("terraform_data.settings", "input.ports[1]", "443", "8443"),
                        tuple("terraform_data.settings", "input.tags.env", "\"dev\"", "\"prod\""));
    }

    @Test
    void changed_attribute_paths_name_nested_keys_and_indexes() throws Exception {
        ResourceChange settings = change(Fixtures.plan("changes_pending"), "terraform_data.settings");

        assertThat(settings.kind()).isEqualTo(ChangeKind.UPDATE);
        assertThat(settings.changedAttributes()).containsExactlyInAnyOrder("input.tags.env", "input.ports[1]", "output");
        assertThat(settings.attributeChanges())
                .filteredOn(a -> a.path().equals("output")).singleElement()
                .extracting(AttributeChange::afterText).isEqualTo(Masks.UNKNOWN);
        assertThat(settings.after().path("output").asText()).isEqualTo(Masks.UNKNOWN);
    }

    @Test
    void output_only_change_is_not_drift() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("output_only");

        assertThat(analysis.classification()).isEqualTo(Classification.OUTPUT_ONLY);
        assertThat(analysis.plan().resourceDrift()).isEmpty();
        assertThat(analysis.pendingChanges()).isEmpty();
        assertThat(analysis.plan().outputChanges()).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("greeting");
            assertThat(output.kind()).isEqualTo(ChangeKind.UPDATE);
            assertThat(output.before().asText()).isEqualTo("hello");
            assertThat(output.after().asText()).isEqualTo("hello, world");
        });
    }

    @Test
    void replacement_keeps_its_reason_and_the_attribute_that_forces_it() throws Exception {
        ResourceChange motd = change(Fixtures.plan("replace"), "local_file.motd");

        assertThat(motd.kind()).isEqualTo(ChangeKind.REPLACE);
        assertThat(motd.actions()).containsExactly(Action.DELETE, Action.CREATE);
        assertThat(motd.actionReason()).isEqualTo("replace_because_cannot_update");
        assertThat(motd.replacePaths()).containsExactly("content");
        assertThat(motd.changedAttributes()).contains("content", "id").doesNotContain("filename");
    }

    @Test
    void resource_removed_from_git_is_destroyed_with_its_reason() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("delete");

        assertThat(analysis.pendingChanges()).singleElement().satisfies(rc -> {
            assertThat(rc.address()).isEqualTo("local_file.obsolete");
            assertThat(rc.kind()).isEqualTo(ChangeKind.DELETE);
            assertThat(rc.actionReason()).isEqualTo("delete_because_no_resource_config");
        });
    }

    @Test
    void errored_plan_is_errored_even_though_it_planned_changes() throws Exception {
        PlanAnalysis analysis = Fixtures.analysis("errored");

        assertThat(analysis.plan().errored()).isTrue();
        assertThat(analysis.classification()).isEqualTo(Classification.ERRORED);
        assertThat(analysis.pendingChanges()).extracting(ResourceChange::address).containsExactly("local_file.fine");
    }

    @Test
    void a_failed_plan_command_makes_any_plan_errored() throws Exception {
        Plan clean = Fixtures.plan("in_sync");

        assertThat(PlanAnalysis.of(clean, true).classification()).isEqualTo(Classification.ERRORED);
        assertThat(PlanAnalysis.of(clean, false).classification()).isEqualTo(Classification.IN_SYNC);
    }

    @Test
    void drift_outranks_pending_changes() throws Exception {
        // drifted also proposes to recreate the file: the drift must not hide behind "changes pending"
        PlanAnalysis analysis = Fixtures.analysis("drifted");

        assertThat(analysis.pendingChanges()).isNotEmpty();
        assertThat(analysis.classification()).isEqualTo(Classification.DRIFTED);
    }
}

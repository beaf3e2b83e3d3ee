package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanTextTest {

    @Test
    void in_sync_plan_says_so_in_two_lines() throws Exception {
        assertThat(Fixtures.analysis("in_sync").text())
                .isEqualTo("Classification: in_sync\n\nPlan: 0 to add, 0 to change, 0 to destroy.\n");
    }

    @Test
    void drift_has_its_own_section_before_the_changes() throws Exception {
        String text = Fixtures.analysis("drifted").text();

        assertThat(text).startsWith("Classification: drifted\n")
                .contains("Changed outside of Plumbline/Git:\n  # local_file.managed has been deleted\n")
                .contains("Resource changes:\n  # local_file.managed will be created\n")
                .endsWith("Plan: 1 to add, 0 to change, 0 to destroy.\n");
        assertThat(text.indexOf("Changed outside")).isLessThan(text.indexOf("Resource changes"));
    }

    @Test
    void updates_list_each_changed_attribute_old_to_new() throws Exception {
        assertThat(Fixtures.analysis("changes_pending").text())
                .contains("  # terraform_data.settings will be updated in-place\n")
                .contains("    input.tags.env: \"dev\" -> \"prod\"\n")
                .contains("    input.ports[1]: 443 -> 8443\n")
                .contains("    output: ")
                .contains(" -> (known after apply)\n");
    }

    @Test
    void replacement_shows_its_reason_and_the_attribute_forcing_it() throws Exception {
        assertThat(Fixtures.analysis("replace").text())
                .contains("  # local_file.motd must be replaced [replace_because_cannot_update]\n")
                .contains("    content: \"welcome\\n\" -> \"welcome back\\n\"  # forces replacement\n")
                .contains("Plan: 1 to add, 0 to change, 1 to destroy.");
    }

    @Test
    void output_changes_are_listed_on_their_own() throws Exception {
        assertThat(Fixtures.analysis("output_only").text())
                .isEqualTo("Classification: output_only\n\nOutput changes:\n  greeting: \"hello\" -> \"hello, world\"\n"
                        + "\nPlan: 0 to add, 0 to change, 0 to destroy.\n");
    }

    @Test
    void errored_plan_warns_that_it_is_partial() throws Exception {
        assertThat(Fixtures.analysis("errored").text())
                .startsWith("Classification: errored\nThe plan stopped on an error;")
                .contains("  # local_file.fine will be created\n");
    }
}

package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workspace's {@code drift:} ignore rules, confirmation and remediation guards, and the daemon's ignore rules. */
class DriftSettingsTest {
    @TempDir
    Path root;

    @BeforeEach
    void checkout() {
        write(root, "workspaces/hello/main.tf", "resource \"terraform_data\" \"x\" {}\n");
    }

    @Test
    void ignore_rules_confirmation_and_guards_are_read() {
        DriftPolicy d = workspace(
                "      confirm_after: 3",
                "      ignore:",
                "        - {address: \"aws_autoscaling_group.*\", attributes: [desired_capacity], reason: autoscaler}",
                "        - {address: \"aws_security_group.web\", attributes: [\"ingress[*].description\"], reason: ui}",
                "      remediate:",
                "        attributes: [\"tags.*\"]",
                "        never: [delete, replace]",
                "        windows: [\"Mon-Fri 08:00-18:00 Europe/Berlin\"]",
                "        max_changes: 5");

        assertThat(d.confirmAfter()).isEqualTo(3);
        assertThat(d.ignore()).hasSize(2);
        IgnoreRule asg = d.ignore().get(0);
        assertThat(asg.name()).isEqualTo(".plumbline.yaml: workspaces[0].drift.ignore[0]");
        assertThat(asg.reason()).isEqualTo("autoscaler");
        assertThat(asg.covers("aws_autoscaling_group.web[0]", "desired_capacity")).isTrue();
        assertThat(asg.covers("aws_autoscaling_group.web[0]", "max_size")).isFalse();
        assertThat(asg.covers("aws_autoscaling_group.web[0]", "")).as("a whole resource").isFalse();
        assertThat(asg.covers("aws_instance.web", "desired_capacity")).isFalse();
        IgnoreRule sg = d.ignore().get(1);
        assertThat(sg.covers("aws_security_group.web", "ingress[2].description")).isTrue();
        assertThat(sg.covers("aws_security_group.web", "ingress[2].from_port")).isFalse();
        assertThat(d.remediate().never()).containsExactlyInAnyOrder("delete", "replace");
        assertThat(d.remediate().maxChanges()).isEqualTo(5);
        assertThat(d.remediate().windows()).singleElement().satisfies(w ->
                assertThat(w.days()).hasSize(5).doesNotContain(DayOfWeek.SATURDAY));
    }

    @Test
    void defaults_are_no_rules_one_check_and_no_guards() {
        DriftPolicy d = workspace("      on_drift: report");

        assertThat(d.ignore()).isEmpty();
        assertThat(d.confirmAfter()).isEqualTo(1);
        assertThat(d.remediate()).isEqualTo(RemediationGuards.NONE);
    }

    @Test
    void a_rule_without_address_or_reason_or_with_a_malformed_path_is_named_with_the_file() {
        ConfigException e = failure(
                "      ignore:",
                "        - {attributes: [tags.x], reason: r}",
                "        - {address: \"\", reason: r}",
                "        - {address: a.b, attributes: [\"tags..x\"], reason: r}",
                "        - {address: a.b, attributes: [\"ingress[x\"], reason: r}",
                "        - {address: a.b, attributes: [tags]}",
                "        - {address: \"a b\", reason: r}");

        assertThat(e.file()).isEqualTo("infra/.plumbline.yaml");
        assertThat(e.problems()).containsExactly(
                "workspaces[0].drift.ignore[0].address: must be set: the resources the rule covers, like "
                        + "aws_autoscaling_group.* (use \"*\" for every resource)",
                "workspaces[0].drift.ignore[1].address: is empty, got ''",
                "workspaces[0].drift.ignore[2].attributes[0]: has an empty name at character 6; a name is letters, "
                        + "digits, '_' and '-' (quote other keys: [\"key\"]), or * for any, got 'tags..x'",
                "workspaces[0].drift.ignore[3].attributes[0]: has a '[' at character 8 that is never closed, got "
                        + "'ingress[x'",
                "workspaces[0].drift.ignore[4].reason: must be set: say why this drift may be ignored",
                "workspaces[0].drift.ignore[5].address: holds whitespace or a control character; an address has "
                        + "none, got 'a b'");
        assertThat(e.getMessage()).startsWith("infra/.plumbline.yaml");
    }

    @Test
    void bad_confirmation_and_guards_are_named() {
        ConfigException e = failure(
                "      confirm_after: 0",
                "      remediate:",
                "        never: [explode]",
                "        windows: [\"Mon-Fry 08:00-18:00 UTC\", \"Mon 08:00-18:00 Mars/Olympus\", \"always\"]",
                "        max_changes: 0");

        assertThat(e.problems()).containsExactly(
                "workspaces[0].drift.confirm_after: must be from 1 to 100, got 0",
                "workspaces[0].drift.remediate.never[0]: must be one of create, update, delete, replace, got 'explode'",
                "workspaces[0].drift.remediate.windows[0]: has the day 'Fry'; days are Mon, Tue, Wed, Thu, Fri, Sat, "
                        + "Sun, got 'Mon-Fry 08:00-18:00 UTC'",
                "workspaces[0].drift.remediate.windows[1]: names the unknown time zone 'Mars/Olympus'; use a region "
                        + "such as Europe/Berlin or UTC, got 'Mon 08:00-18:00 Mars/Olympus'",
                "workspaces[0].drift.remediate.windows[2]: must read like 'Mon-Fri 08:00-18:00 Europe/Berlin' "
                        + "(days, from-to, time zone), got 'always'",
                "workspaces[0].drift.remediate.max_changes: must be at least 1, got 0");
    }

    @Test
    void the_daemon_config_has_ignore_rules_for_every_workspace() {
        Path file = write(root, "plumbline.yaml", yaml("data_dir: data", "drift:", "  ignore:",
                "    - {address: \"*\", attributes: [tags.LastScanned], reason: scanner}"));

        DaemonConfig c = DaemonConfig.load(file);

        assertThat(c.driftIgnore()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("daemon config: drift.ignore[0]");
            assertThat(r.covers("module.a.aws_s3_bucket.logs[\"x\"]", "tags.LastScanned")).isTrue();
        });
    }

    @Test
    void the_daemons_rules_come_before_a_workspaces_own() {
        DriftPolicy own = workspace("      ignore: [{address: a.b, reason: own}]");
        IgnoreRule daemon = new IgnoreRule("daemon config: drift.ignore[0]", AddressGlob.of("*"), List.of(), "all");

        DriftPolicy both = own.ignoringFirst(List.of(daemon));

        assertThat(both.ignore()).extracting(IgnoreRule::reason).containsExactly("all", "own");
        assertThat(both.confirmAfter()).isEqualTo(own.confirmAfter());
        assertThat(own.ignoringFirst(List.of())).isSameAs(own);
    }

    @Test
    void the_daemon_config_refuses_a_bad_rule_and_workspace_only_fields() {
        Path file = write(root, "plumbline.yaml", yaml("data_dir: data", "drift:", "  confirm_after: 2",
                "  ignore:", "    - {address: x, attributes: [\"a[\\\"b\"], reason: r}"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "drift.ignore[0].attributes[0]: has a '[' at character 2 that is never closed, got 'a[\"b'",
                "drift.confirm_after: unknown field (expected one of: ignore)");
    }

    @Test
    void attribute_paths_parse_keys_indexes_and_wildcards() {
        assertThat(AttributePath.parse("tags").covers("tags.env")).isTrue();
        assertThat(AttributePath.parse("tags.env").covers("tags")).isFalse();
        assertThat(AttributePath.parse("tags[\"kubernetes.io/name\"]").covers("tags[\"kubernetes.io/name\"]"))
                .isTrue();
        assertThat(AttributePath.parse("tags.*").covers("tags[\"a b\"]")).isTrue();
        assertThat(AttributePath.parse("ingress[*].description").covers("ingress[10].description")).isTrue();
        assertThat(AttributePath.parse("ingress[1]").covers("ingress[10]")).isFalse();
        for (String bad : List.of("", ".a", "a.", "a]", "a[1", "a[-1]", "a[b]", "a b", "a[\"x]")) {
            assertThatThrownBy(() -> AttributePath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void address_globs_take_brackets_literally_and_do_not_backtrack() {
        assertThat(AddressGlob.of("aws_instance.web[0]").matches("aws_instance.web[0]")).isTrue();
        assertThat(AddressGlob.of("aws_instance.web[0]").matches("aws_instance.web0")).isFalse();
        assertThat(AddressGlob.of("module.*.aws_s3_bucket.?").matches("module.a.module.b.aws_s3_bucket.x")).isTrue();
        String hostile = "*a".repeat(200) + "b";
        assertThat(AddressGlob.of(hostile).matches("a".repeat(100_000))).isFalse();
    }

    @Test
    void a_window_over_midnight_ends_the_next_morning() {
        ChangeWindow w = ChangeWindow.parse("Fri 22:00-02:00 UTC");

        assertThat(w.contains(Instant.parse("2026-12-04T23:00:00Z"))).as("Friday 23:00").isTrue();
        assertThat(w.contains(Instant.parse("2026-12-05T01:59:00Z"))).as("Saturday 01:59").isTrue();
        assertThat(w.contains(Instant.parse("2026-12-05T02:00:00Z"))).as("Saturday 02:00").isFalse();
        assertThat(w.contains(Instant.parse("2026-12-04T21:59:00Z"))).as("Friday 21:59").isFalse();
        ChangeWindow berlin = ChangeWindow.parse("Mon-Fri 08:00-18:00 Europe/Berlin");
        assertThat(berlin.contains(Instant.parse("2026-12-01T07:30:00Z"))).as("Tuesday 08:30 in Berlin").isTrue();
        assertThat(berlin.contains(Instant.parse("2026-12-01T17:30:00Z"))).as("Tuesday 18:30 in Berlin").isFalse();
    }

    private DriftPolicy workspace(String... driftLines) {
        write(root, RepoSettings.FILE_NAME, settings(driftLines));
        return RepoSettings.load(root, "infra").workspaces().get(0).drift();
    }

    private ConfigException failure(String... driftLines) {
        write(root, RepoSettings.FILE_NAME, settings(driftLines));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RepoSettings.load(root, "infra"));
        assertThat(e).as("loading should fail").isNotNull();
        return e;
    }

    private static String settings(String... driftLines) {
        List<String> lines = new ArrayList<>(List.of("workspaces:", "  - name: hello",
                "    dir: workspaces/hello", "    drift:"));
        lines.addAll(List.of(driftLines));
        return yaml(lines.toArray(String[]::new));
    }
}

package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoSettingsTest {
    private static final String TF = "resource \"terraform_data\" \"x\" {}\n";

    @TempDir
    Path root;

    @BeforeEach
    void checkout() {
        write(root, "workspaces/hello/main.tf", TF);
        write(root, "workspaces/hello/prod.tfvars", "x = 1\n");
        write(root, "common.tfvars", "y = 2\n");
    }

    @Test
    void a_listed_workspace_gets_defaults() {
        RepoSettings s = load(yaml("workspaces:", "  - name: hello", "    dir: workspaces/hello"));

        assertThat(s.repo()).isEqualTo("infra");
        assertThat(s.workspaces()).containsExactly(new WorkspaceConfig(new WorkspaceId("infra", "hello"),
                "workspaces/hello", Tool.TOFU, new DriftPolicy("0 0 * * * ?", OnDrift.REPORT), ApplyMode.APPROVAL,
                false, Map.of(), List.of(), false, null, Map.of()));
    }

    @Test
    void every_workspace_field_is_read() {
        WorkspaceConfig w = load(yaml(
                "workspaces:",
                "  - name: hello",
                "    dir: workspaces/hello/",
                "    tool: terraform",
                "    drift: {schedule: '*/15 * * * *', on_drift: remediate}",
                "    apply: auto",
                "    allow_destroy: true",
                "    variables: {output_dir: /tmp/out, count: 3, enabled: true}",
                "    var_files: [prod.tfvars, ../../common.tfvars]")).workspace("hello").orElseThrow();

        assertThat(w.dir()).isEqualTo("workspaces/hello");
        assertThat(w.tool()).isEqualTo(Tool.TERRAFORM);
        assertThat(w.drift()).isEqualTo(new DriftPolicy("0 */15 * * * ?", OnDrift.REMEDIATE));
        assertThat(w.apply()).isEqualTo(ApplyMode.AUTO);
        assertThat(w.allowDestroy()).isTrue();
        assertThat(w.variables()).containsExactly(
                Map.entry("output_dir", "/tmp/out"), Map.entry("count", "3"), Map.entry("enabled", "true"));
        assertThat(w.varFiles()).containsExactly("prod.tfvars", "../../common.tfvars");
        assertThat(w.varFilesFromRoot()).containsExactly("workspaces/hello/prod.tfvars", "common.tfvars");
    }

    @Test
    void the_name_defaults_to_the_directory() {
        assertThat(load(yaml("workspaces:", "  - dir: workspaces/hello")).workspaces())
                .extracting(w -> w.id().toString()).containsExactly("infra/workspaces-hello");
    }

    @Test
    void drift_checks_can_be_turned_off() {
        WorkspaceConfig w = load(yaml("workspaces:", "  - name: hello", "    dir: workspaces/hello",
                "    drift: {enabled: false}")).workspaces().get(0);

        assertThat(w.drift().quartzCron()).isNull();
        assertThat(w.drift().scheduled()).isFalse();
        assertThat(w.drift().onDrift()).isEqualTo(OnDrift.REPORT);
    }

    @Test
    void a_quartz_schedule_is_kept_as_written() {
        assertThat(load(yaml("workspaces:", "  - {name: hello, dir: workspaces/hello, "
                + "drift: {schedule: '0 30 6 ? * MON-FRI'}}")).workspaces().get(0).drift().quartzCron())
                .isEqualTo("0 30 6 ? * MON-FRI");
    }

    @Test
    void every_bad_workspace_value_names_file_and_field() {
        ConfigException e = failure(yaml(
                "workspaces:",
                "  - name: 'bad name'",
                "    dir: workspaces/hello",
                "    tool: tf",
                "    drift: {enabled: maybe, schedule: '61 * * * *', on_drift: fix}",
                "    apply: later",
                "    allow_destroy: sometimes",
                "    variables: {'9lives': x, list: [1, 2], nothing: null}",
                "    var_files: [missing.tfvars, {a: b}, /etc/passwd, ../../../up.tfvars]"));

        assertThat(e.file()).isEqualTo("infra/.plumbline.yaml");
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "workspaces[0].drift.enabled: must be true or false, got 'maybe'",
                "workspaces[0].allow_destroy: must be true or false, got 'sometimes'",
                "workspaces[0].variables.list: must be a single value, got a list",
                "workspaces[0].variables.nothing: must be a single value, got null",
                "workspaces[0].var_files[1]: must be a single value, got a mapping",
                "workspaces[0].name: must use letters, digits, '.', '_' or '-', starting with a letter or digit "
                        + "(at most 100 characters), got 'bad name'",
                "workspaces[0].tool: must be 'tofu' or 'terraform', got 'tf'",
                "workspaces[0].drift.on_drift: must be 'report' or 'remediate', got 'fix'",
                "workspaces[0].drift.schedule: is not a valid cron expression ('0 61 * * * ?' in Quartz syntax): "
                        + "Minute and Second values must be between 0 and 59, got '61 * * * *'",
                "workspaces[0].apply: must be 'approval' or 'auto', got 'later'",
                "workspaces[0].variables.9lives: is not a valid variable name (letters, digits, '_' and '-', "
                        + "starting with a letter or '_')",
                "workspaces[0].var_files[0]: file 'missing.tfvars' does not exist in directory 'workspaces/hello'",
                "workspaces[0].var_files[2]: must be relative to the workspace directory, got '/etc/passwd'",
                "workspaces[0].var_files[3]: must stay inside the repository, got '../../../up.tfvars'");
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith("infra/.plumbline.yaml: workspaces[0]."));
    }

    @Test
    void top_level_fields_of_the_wrong_shape_are_named() {
        assertThat(problems(yaml("autodiscover: sometimes", "exclude: legacy", "workspaces: {name: a}")))
                .containsExactly(
                        "autodiscover: must be true or false, got 'sometimes'",
                        "exclude: must be a list, got a single value",
                        "workspaces: must be a list, got a mapping");
        assertThat(problems(yaml("- workspaces"))).containsExactly("must be a mapping of fields, got a list");
    }

    @Test
    void an_empty_settings_file_lists_nothing_and_leaves_every_directory_to_discovery() {
        RepoSettings s = load("");

        assertThat(s.workspaces()).isEmpty();
        assertThat(s.autodiscover()).isTrue();
        assertThat(s.exclude().covers("workspaces/hello")).isFalse();
    }

    @Test
    void excluded_globs_cover_the_directories_below_them() {
        RepoSettings s = load(yaml("autodiscover: false", "exclude: [legacy, 'experiments/*']"));

        assertThat(s.autodiscover()).isFalse();
        assertThat(s.exclude().covers("legacy")).isTrue();
        assertThat(s.exclude().covers("legacy/old/deep")).isTrue();
        assertThat(s.exclude().covers("experiments/a/b")).isTrue();
        assertThat(s.exclude().covers("experiments")).isFalse();
        assertThat(s.exclude().covers("legacy-new")).isFalse();
    }

    @Test
    void a_schedule_with_drift_disabled_is_refused() {
        assertThat(problems(yaml("workspaces:", "  - name: hello", "    dir: workspaces/hello",
                "    drift: {enabled: false, schedule: '@daily'}"))).containsExactly(
                "workspaces[0].drift.schedule: has no effect with drift.enabled: false; remove one of them");
    }

    @Test
    void unknown_fields_are_named() {
        assertThat(problems(yaml(
                "autodiscovery: false",
                "workspaces:",
                "  - name: hello",
                "    dir: workspaces/hello",
                "    allow_destory: true",
                "    drift: {on_drfit: report}"))).containsExactlyInAnyOrder(
                "workspaces[0].drift.on_drfit: unknown field (expected one of: enabled, schedule, on_drift, ignore, confirm_after, remediate)",
                "workspaces[0].allow_destory: unknown field (expected one of: name, dir, tool, drift, apply, "
                        + "allow_destroy, variables, var_files, aws, backend_config)",
                "autodiscovery: unknown field (expected one of: autodiscover, exclude, workspaces, policies)");
    }

    @Test
    void yaml_syntax_error_names_file_and_line() {
        ConfigException e = failure(yaml("workspaces:", "  - name: hello", "    dir: [workspaces/hello"));

        assertThat(e.getMessage()).startsWith("infra/.plumbline.yaml: invalid YAML at line 4");
    }

    @Test
    void a_directory_outside_the_checkout_is_refused() {
        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: ../outside}"))).containsExactly(
                "workspaces[0].dir: must stay inside the repository, got '../outside'");
        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: /etc}"))).containsExactly(
                "workspaces[0].dir: must be relative to the repository root, got '/etc'");
        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: workspaces/../workspaces/hello}")))
                .containsExactly("workspaces[0].dir: must be written plainly, without '.', '..' or empty steps: "
                        + "write 'workspaces/hello', got 'workspaces/../workspaces/hello'");
    }

    @Test
    void a_symlink_leading_out_of_the_checkout_is_refused(@TempDir Path outside) throws Exception {
        write(outside, "main.tf", TF);
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: escape}"))).containsExactly(
                "workspaces[0].dir: 'escape' leads outside the repository through a symbolic link");
        Files.createSymbolicLink(root.resolve("workspaces/hello/secrets.tfvars"), outside.resolve("main.tf"));
        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: workspaces/hello, var_files: [secrets.tfvars]}")))
                .containsExactly("workspaces[0].var_files[0]: 'secrets.tfvars' leads outside the repository through "
                        + "a symbolic link");
    }

    @Test
    void a_symlink_inside_the_checkout_is_accepted() throws Exception {
        Files.createSymbolicLink(root.resolve("current"), root.resolve("workspaces/hello"));

        assertThat(load(yaml("workspaces:", "  - {name: a, dir: current}")).workspace("a").orElseThrow().dir())
                .isEqualTo("current");
    }

    @Test
    void a_missing_directory_or_a_file_is_refused() {
        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: workspaces/gone}",
                "  - {name: b, dir: common.tfvars}", "  - {name: c}"))).containsExactly(
                "workspaces[0].dir: directory 'workspaces/gone' does not exist in the repository",
                "workspaces[1].dir: 'common.tfvars' is not a directory",
                "workspaces[2].dir: must be set");
    }

    @Test
    void workspace_names_are_unique() {
        assertThat(problems(yaml("workspaces:", "  - {name: a, dir: workspaces/hello}",
                "  - {name: a, dir: workspaces/hello, var_files: [prod.tfvars]}"))).containsExactly(
                "workspaces[1].name: 'a' is already the name of workspaces[0] (dir 'workspaces/hello')");
    }

    @Test
    void a_settings_file_linked_from_outside_is_refused(@TempDir Path outside) throws Exception {
        write(outside, "secret.yaml", "password: hunter2\n");
        Files.createSymbolicLink(root.resolve(RepoSettings.FILE_NAME), outside.resolve("secret.yaml"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RepoSettings.load(root, "infra"));
        assertThat(e.getMessage()).isEqualTo("infra/.plumbline.yaml: must be a regular file, not a symbolic link or a "
                + "directory");
    }

    @Test
    void all_problems_come_in_one_exception() {
        ConfigException e = failure(yaml(
                "exclude: ['[']",
                "workspaces:",
                "  - {name: a, dir: ../x}",
                "  - {name: b, dir: workspaces/hello, apply: never}"));

        assertThat(e.problems()).containsExactly(
                "workspaces[0].dir: must stay inside the repository, got '../x'",
                "workspaces[1].apply: must be 'approval' or 'auto', got 'never'",
                "exclude[0]: is not a valid glob: it has a '[' without its ']', got '['");
        assertThat(e.getMessage().lines()).hasSize(3);
    }

    RepoSettings load(String settings) {
        write(root, RepoSettings.FILE_NAME, settings);
        return RepoSettings.load(root, "infra");
    }

    List<String> problems(String settings) {
        return failure(settings).problems();
    }

    ConfigException failure(String settings) {
        write(root, RepoSettings.FILE_NAME, settings);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RepoSettings.load(root, "infra"));
        assertThat(e).as("loading should fail").isNotNull();
        return e;
    }
}

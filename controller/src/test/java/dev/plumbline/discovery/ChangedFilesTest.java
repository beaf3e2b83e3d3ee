package dev.plumbline.discovery;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.RepoSettings;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangedFilesTest {
    @TempDir
    Path root;

    RepoWorkspaces known;

    @BeforeEach
    void checkout() {
        write(root, "envs/prod/main.tf", "module \"app\" {\n  source = \"../../modules/app\"\n}\n");
        write(root, "modules/app/main.tf", "variable \"size\" {}\n");
        write(root, "envs/solo/main.tf", "variable \"size\" {}\n");
        write(root, "vars/solo.tfvars", "size = 2\n");
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:",
                "  - {name: solo, dir: envs/solo, var_files: [../../vars/solo.tfvars]}"));
        known = RepoWorkspaces.load(root, "infra");
    }

    @Test
    void paths_are_read_relative_to_the_checkout_root() {
        assertThat(ChangedFiles.of(List.of("./envs/prod//main.tf", "envs/x/../solo/a.tf", "/etc/passwd", "../up.tf"))
                .paths()).containsExactly("envs/prod/main.tf", "envs/solo/a.tf");
    }

    @Test
    void changes_inside_known_directories_leave_the_workspaces_as_they_are() {
        assertThat(changed("modules/app/main.tf", "envs/prod/new.tf", "vars/solo.tfvars", "README.md")
                .mayChangeWorkspaces(known)).isFalse();
    }

    @Test
    void the_settings_file_or_configuration_in_a_new_directory_may_change_the_workspaces() {
        assertThat(changed(RepoSettings.FILE_NAME).mayChangeWorkspaces(known)).isTrue();
        assertThat(changed("envs/staging/main.tf").mayChangeWorkspaces(known)).isTrue();
        assertThat(changed("main.tofu").mayChangeWorkspaces(known)).isTrue();
    }

    @Test
    void the_workspaces_at_the_head_are_read_only_when_the_known_ones_cannot_answer() {
        RepoWorkspaces none = new RepoWorkspaces("infra", List.of(), new ModuleGraph(Map.of()));

        assertThat(changed("modules/app/main.tf").affected(known, () -> none))
                .containsExactly(new WorkspaceId("infra", "envs-prod"));
        assertThat(changed("envs/staging/main.tf").affected(known, () -> none)).isEmpty();
        assertThat(changed("envs/solo/main.tf").affected(null, () -> known))
                .containsExactly(new WorkspaceId("infra", "solo"));
    }

    @Test
    void a_run_needs_its_directory_its_modules_and_its_var_files() {
        assertThat(known.dirsNeededBy(known.workspace("envs-prod").orElseThrow()))
                .containsExactly("envs/prod", "modules/app");
        assertThat(known.dirsNeededBy(known.workspace("solo").orElseThrow())).containsExactly("envs/solo", "vars");
    }

    @Test
    void a_workspace_at_the_root_needs_the_whole_tree(@TempDir Path checkout) {
        write(checkout, "main.tf", "variable \"size\" {}\n");
        RepoWorkspaces atRoot = RepoWorkspaces.load(checkout, "infra");

        assertThat(atRoot.dirsNeededBy(atRoot.workspace("root").orElseThrow())).isEmpty();
    }

    private static ChangedFiles changed(String... paths) {
        return ChangedFiles.of(List.of(paths));
    }
}

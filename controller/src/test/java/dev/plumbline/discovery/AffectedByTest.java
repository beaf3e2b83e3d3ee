package dev.plumbline.discovery;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.RepoSettings;
import dev.plumbline.domain.WorkspaceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AffectedByTest {
    @TempDir
    Path root;

    RepoWorkspaces settings;

    @BeforeEach
    void checkout() {
        write(root, "envs/prod/main.tf", "module \"app\" {\n  source = \"../../modules/app\"\n}\n");
        write(root, "envs/dev/main.tf", "module \"net\" {\n  source = \"../../modules/net\"\n}\n");
        write(root, "envs/solo/main.tf", "variable \"size\" {}\n");
        write(root, "modules/app/main.tf", "module \"net\" {\n  source = \"../net\"\n}\n");
        write(root, "modules/net/main.tf", "variable \"cidr\" {}\n");
        write(root, "vars/solo.tfvars", "size = 2\n");
        write(root, "README.md", "# infra\n");
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:",
                "  - {name: solo, dir: envs/solo, var_files: [../../vars/solo.tfvars]}"));
        settings = RepoWorkspaces.load(root, "infra");
    }

    @Test
    void a_module_change_affects_exactly_the_workspaces_using_it() {
        assertThat(affected("modules/app/main.tf")).containsExactly("envs-prod");
    }

    @Test
    void a_nested_module_change_reaches_workspaces_through_the_module_using_it() {
        assertThat(affected("modules/net/main.tf")).containsExactlyInAnyOrder("envs-prod", "envs-dev");
    }

    @Test
    void a_change_in_the_workspace_directory_affects_it() {
        assertThat(affected("envs/dev/main.tf")).containsExactly("envs-dev");
        assertThat(affected("./envs/dev/sub/../main.tf")).containsExactly("envs-dev");
    }

    @Test
    void a_var_file_change_affects_its_workspace() {
        assertThat(affected("vars/solo.tfvars")).containsExactly("solo");
    }

    @Test
    void a_settings_change_affects_all_workspaces() {
        assertThat(affected(".plumbline.yaml")).containsExactlyInAnyOrder("solo", "envs-dev", "envs-prod");
    }

    @Test
    void an_unrelated_file_affects_nothing() {
        assertThat(affected("README.md", "vars/other.tfvars", "envs/production/x.tf", "../envs/dev/main.tf"))
                .isEmpty();
    }

    @Test
    void the_example_workspaces_of_this_repository_are_read_as_intended(@TempDir Path copy) throws IOException {
        Path repoRoot = Path.of(System.getProperty("plumbline.repoRoot", "..")).toAbsolutePath().normalize();
        ModuleGraph graph = ModuleGraph.scan(repoRoot);
        assertThat(graph.modulesOf("workspaces/hello")).isEmpty();
        assertThat(graph.modulesOf("workspaces/team-settings")).containsExactly("modules/text-file");

        copyTree(repoRoot.resolve("workspaces"), copy.resolve("workspaces"));
        copyTree(repoRoot.resolve("modules"), copy.resolve("modules"));
        RepoWorkspaces example = RepoWorkspaces.load(copy, "plumbline");

        assertThat(example.workspaces()).extracting(w -> w.id().toString())
                .containsExactly("plumbline/workspaces-hello", "plumbline/workspaces-s3-state",
                        "plumbline/workspaces-team-settings");
        assertThat(example.affectedBy(List.of("modules/text-file/main.tf")))
                .containsExactly(WorkspaceId.parse("plumbline/workspaces-team-settings"));
        assertThat(example.affectedBy(List.of("workspaces/hello/main.tf")))
                .containsExactly(WorkspaceId.parse("plumbline/workspaces-hello"));
    }

    private Set<String> affected(String... paths) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (WorkspaceId id : settings.affectedBy(List.of(paths))) {
            names.add(id.name());
        }
        return names;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

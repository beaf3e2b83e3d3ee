package dev.plumbline.discovery;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.DriftPolicy;
import dev.plumbline.config.RepoSettings;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {
    private static final String TF = "resource \"terraform_data\" \"x\" {}\n";

    @TempDir
    Path root;

    @BeforeEach
    void checkout() {
        write(root, "envs/prod/main.tf", "module \"app\" {\n  source = \"../../modules/app\"\n}\n");
        write(root, "envs/dev/main.tofu", TF);
        write(root, "modules/app/main.tf", "module \"net\" {\n  source = \"../net\"\n}\n");
        write(root, "modules/net/main.tf", TF);
        write(root, ".github/workflows/ci.tf", TF);
        write(root, "envs/prod/.terraform/modules/app/main.tf", TF);
        write(root, "README.md", "# infra\n");
    }

    @Test
    void without_settings_every_directory_that_is_not_a_module_is_a_workspace() {
        RepoWorkspaces s = RepoWorkspaces.load(root, "infra");

        assertThat(s.workspaces()).extracting(WorkspaceConfig::dir).containsExactly("envs/dev", "envs/prod");
        assertThat(s.workspaces()).extracting(w -> w.id().name()).containsExactly("envs-dev", "envs-prod");
        assertThat(s.workspaces()).allSatisfy(w -> {
            assertThat(w.discovered()).isTrue();
            assertThat(w).isEqualTo(WorkspaceConfig.discovered(w.id(), w.dir()));
            assertThat(w.drift()).isEqualTo(DriftPolicy.DEFAULT);
        });
    }

    @Test
    void an_empty_settings_file_means_defaults(@TempDir Path checkout) {
        write(checkout, "workspaces/hello/main.tf", TF);
        write(checkout, "workspaces/hello/prod.tfvars", "x = 1\n");
        write(checkout, "common.tfvars", "y = 2\n");
        write(checkout, RepoSettings.FILE_NAME, "");

        assertThat(RepoWorkspaces.load(checkout, "infra").workspaces()).extracting(WorkspaceConfig::dir)
                .containsExactly("workspaces/hello");
    }

    @Test
    void a_discovered_workspace_has_no_role_and_no_backend_settings(@TempDir Path checkout) {
        write(checkout, "workspaces/hello/main.tf", "resource \"terraform_data\" \"x\" {}\n");
        write(checkout, RepoSettings.FILE_NAME, "");

        assertThat(RepoWorkspaces.load(checkout, "infra").workspaces()).singleElement().satisfies(found -> {
            assertThat(found.aws()).isNull();
            assertThat(found.backendConfig()).isEmpty();
        });
    }

    @Test
    void listed_directories_are_not_discovered_again() {
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:", "  - {name: production, dir: envs/prod, apply: auto}"));

        RepoWorkspaces s = RepoWorkspaces.load(root, "infra");

        assertThat(s.workspaces()).extracting(w -> w.id().name() + "=" + w.dir() + (w.discovered() ? " (found)" : ""))
                .containsExactly("production=envs/prod", "envs-dev=envs/dev (found)");
    }

    @Test
    void a_module_directory_listed_on_purpose_is_a_workspace() {
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:", "  - {name: net, dir: modules/net}"));

        assertThat(RepoWorkspaces.load(root, "infra").workspace("net")).isPresent();
    }

    @Test
    void excluded_globs_cover_the_directories_below_them() {
        write(root, "legacy/old/main.tf", TF);
        write(root, "legacy/main.tf", TF);
        write(root, "experiments/a/main.tf", TF);
        write(root, "experiments/b/deep/main.tf", TF);
        write(root, RepoSettings.FILE_NAME, yaml("exclude: [legacy, 'experiments/*', 'envs/d?v']"));

        assertThat(RepoWorkspaces.load(root, "infra").workspaces()).extracting(WorkspaceConfig::dir)
                .containsExactly("envs/prod");
    }

    @Test
    void autodiscover_false_keeps_only_listed_workspaces() {
        write(root, RepoSettings.FILE_NAME,
                yaml("autodiscover: false", "workspaces:", "  - {name: dev, dir: envs/dev}"));

        assertThat(RepoWorkspaces.load(root, "infra").workspaces()).extracting(w -> w.id())
                .containsExactly(new WorkspaceId("infra", "dev"));
    }

    @Test
    void configuration_at_the_checkout_root_is_named_root() {
        write(root, "main.tf", TF);

        assertThat(RepoWorkspaces.load(root, "infra").workspace("root").orElseThrow().dir()).isEqualTo(".");
    }

    @Test
    void discovered_names_that_collide_name_both_directories() {
        write(root, "envs-dev/main.tf", TF);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RepoWorkspaces.load(root, "infra"));

        assertThat(e.problems()).containsExactly("discovering workspaces: directory 'envs/dev' would be named "
                + "'envs-dev', which is already the name of directory 'envs-dev'; name one of them under workspaces, "
                + "or exclude it");
    }

    @Test
    void a_listed_name_taken_by_a_discovered_directory_names_both() {
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:", "  - {name: envs-prod, dir: modules/net}"));

        assertThat(catchThrowableOfType(ConfigException.class, () -> RepoWorkspaces.load(root, "infra")).problems())
                .containsExactly("discovering workspaces: directory 'envs/prod' would be named 'envs-prod', which is "
                        + "already the name of workspaces[0] (dir 'modules/net'); name one of them under workspaces, "
                        + "or exclude it");
    }

    @Test
    void the_listed_entry_is_named_as_the_file_wrote_it() {
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:", "  - {name: envs-prod, dir: modules/net/}"));

        assertThat(catchThrowableOfType(ConfigException.class, () -> RepoWorkspaces.load(root, "infra")).problems())
                .containsExactly("discovering workspaces: directory 'envs/prod' would be named 'envs-prod', which is "
                        + "already the name of workspaces[0] (dir 'modules/net/'); name one of them under workspaces, "
                        + "or exclude it");
    }

    @Test
    void problems_of_the_file_itself_come_before_discovery() {
        write(root, "envs-dev/main.tf", TF);
        write(root, RepoSettings.FILE_NAME, yaml("workspaces:", "  - {name: a, dir: envs/prod, apply: never}"));

        assertThat(catchThrowableOfType(ConfigException.class, () -> RepoWorkspaces.load(root, "infra")).problems())
                .containsExactly("workspaces[0].apply: must be 'approval' or 'auto', got 'never'");
    }

    @Test
    void a_directory_whose_name_cannot_be_a_workspace_name_is_reported() {
        write(root, "my stuff/main.tf", TF);

        assertThat(catchThrowableOfType(ConfigException.class, () -> RepoWorkspaces.load(root, "infra")).problems())
                .containsExactly("discovering workspaces: directory 'my stuff' would be named 'my stuff', which is "
                        + "not a valid name (use letters, digits, '.', '_' or '-', starting with a letter or digit "
                        + "(at most 100 characters)); list it under workspaces with a name, or exclude it");
    }
}

package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.store.Database;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Affected-workspace selection for a head the catalog has not read settings at (a pull request). */
class CatalogIT {
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final WorkspaceId TEAMS = new WorkspaceId("infra", "team-settings");

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private Catalog catalog;
    private String base;
    private Database db;

    @BeforeEach
    void setUp() throws Exception {
        repo = InfraRepo.withExamples(tmp, "workspaces:\n  - name: hello\n    dir: workspaces/hello\n"
                + "  - name: team-settings\n    dir: workspaces/team-settings\n");
        Files.writeString(tmp.resolve("plumbline.yaml"), repo.daemonConfig("infra", tmp.resolve("data")));
        DaemonConfig config = DaemonConfig.load(tmp.resolve("plumbline.yaml"));
        db = Database.open(config.dataDir().resolve("plumbline"), config.dataDir().resolve("plan.key"));
        catalog = new Catalog(config.repos(), config.dataDir(), Map.of(), db.validSettings());
        base = catalog.refresh("infra").revision().commit();
    }

    @AfterEach
    void tearDown() {
        catalog.close();
        db.close();
        repo.close();
    }

    /** A new commit fetched as another ref, leaving the catalog's view of the branch at {@code base}. */
    private String head(String message) throws Exception {
        repo.commit(message);
        return catalog.fetchRef("infra", "refs/heads/main");
    }

    @Test
    void a_module_change_affects_exactly_its_users_as_the_settings_at_head_would_say() throws Exception {
        repo.write("modules/text-file/main.tf", repo.read("modules/text-file/main.tf") + "\n# touched\n");
        String head = head("Touch the module");

        assertThat(catalog.affected("infra", base, head)).containsExactly(TEAMS)
                .isEqualTo(catalog.settingsAt("infra", head).affectedBy(catalog.changedFiles("infra", base, head)));
    }

    @Test
    void a_new_workspace_directory_is_found_at_head() throws Exception {
        repo.write("workspaces/extra/main.tf", "resource \"terraform_data\" \"x\" {}\n");
        repo.write(".plumbline.yaml", repo.read(".plumbline.yaml"));
        String head = head("Add a workspace (discovered)");

        assertThat(catalog.affected("infra", base, head)).containsExactly(new WorkspaceId("infra", "workspaces-extra"));
    }

    @Test
    void a_settings_change_affects_every_workspace_at_head() throws Exception {
        repo.write(".plumbline.yaml", repo.read(".plumbline.yaml") + "  - name: extra\n    dir: modules/text-file\n");
        String head = head("Change the settings");

        assertThat(catalog.affected("infra", base, head))
                .containsExactlyInAnyOrder(HELLO, TEAMS, new WorkspaceId("infra", "extra"));
    }

    @Test
    void a_change_outside_every_workspace_affects_none() throws Exception {
        repo.write("README.md", "docs\n");
        String head = head("Docs");

        assertThat(catalog.affected("infra", base, head)).isEmpty();
    }
}

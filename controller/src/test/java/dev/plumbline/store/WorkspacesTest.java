package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import org.junit.jupiter.api.Test;

class WorkspacesTest extends OnEachStore {
    @Test
    void ensuring_a_known_workspace_keeps_its_id_and_updates_it() {
        try (Database db = store().open()) {
            long id = db.workspaces().ensure(PROD, "envs/prod", Tool.TERRAFORM);

            assertThat(db.workspaces().ensure(PROD, "live/prod", Tool.TOFU)).isEqualTo(id);

            WorkspaceRecord ws = db.workspaces().find(PROD).orElseThrow();
            assertThat(ws.id()).isEqualTo(id);
            assertThat(ws.dir()).isEqualTo("live/prod");
            assertThat(ws.tool()).isEqualTo(Tool.TOFU);
            assertThat(ws.createdAt()).isNotNull();
        }
    }

    @Test
    void workspaces_are_listed_by_repo_and_name() {
        try (Database db = store().open()) {
            db.workspaces().ensure(STAGING, "envs/staging", Tool.TOFU);
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);

            assertThat(db.workspaces().list()).extracting(WorkspaceRecord::workspace).containsExactly(PROD, STAGING);
            assertThat(db.workspaces().find(new WorkspaceId("infra", "dev"))).isEmpty();
        }
    }
}

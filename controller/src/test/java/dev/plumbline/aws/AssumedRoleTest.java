package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.WorkspaceId;
import org.junit.jupiter.api.Test;

class AssumedRoleTest {

    @Test
    void session_name_names_the_repo_and_workspace() {
        assertThat(AssumedRole.sessionName(new WorkspaceId("infra", "prod.network")))
                .isEqualTo("plumbline-infra-prod.network");
    }

    @Test
    void long_session_names_are_cut_to_sts_length_and_stay_distinct() {
        String repo = "r".repeat(60);
        String a = AssumedRole.sessionName(new WorkspaceId(repo, "workspace-a"));
        String b = AssumedRole.sessionName(new WorkspaceId(repo, "workspace-b"));

        assertThat(a).hasSize(AssumedRole.MAX_SESSION_NAME).startsWith("plumbline-rrr").matches("[\\w+=,.@-]+");
        assertThat(b).hasSize(AssumedRole.MAX_SESSION_NAME);
        assertThat(a).isNotEqualTo(b);
    }
}

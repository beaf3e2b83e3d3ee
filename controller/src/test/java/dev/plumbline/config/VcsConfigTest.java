package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VcsConfigTest {
    @TempDir
    Path dir;

    @Test
    void a_repo_without_vcs_has_no_pull_request_support() {
        assertThat(load(repo()).repo("infra").orElseThrow().vcs()).isNull();
    }

    @Test
    void github_defaults_to_the_public_api_and_no_apply_on_comment() {
        VcsConfig vcs = load(repo("vcs: {provider: github, project: acme/infra, token_env: GH_TOKEN,",
                "      webhook_secret_env: GH_HOOK_SECRET}")).repo("infra").orElseThrow().vcs();

        assertThat(vcs).isEqualTo(new VcsConfig(VcsConfig.Provider.GITHUB, URI.create("https://api.github.com"),
                "acme/infra", "GH_TOKEN", "GH_HOOK_SECRET", false, VcsConfig.DEFAULT_LOCK_MAX_AGE));
    }

    @Test
    void gitlab_reads_every_field() {
        VcsConfig vcs = load(repo("vcs:", "  provider: gitlab", "  api_url: https://gitlab.acme.example/api/v4/",
                "  project: acme/platform/infra", "  token_env: GL_TOKEN", "  apply_on_comment: true",
                "  lock_max_age: 48h")).repo("infra").orElseThrow().vcs();

        assertThat(vcs).isEqualTo(new VcsConfig(VcsConfig.Provider.GITLAB,
                URI.create("https://gitlab.acme.example/api/v4"), "acme/platform/infra", "GL_TOKEN", null, true,
                Duration.ofHours(48)));
    }

    @Test
    void gitlab_defaults_to_gitlab_com() {
        VcsConfig vcs = load(repo("vcs: {provider: gitlab, project: group/infra, token_env: GL_TOKEN}"))
                .repo("infra").orElseThrow().vcs();
        assertThat(vcs.apiUrl()).isEqualTo(URI.create("https://gitlab.com/api/v4"));
    }

    @Test
    void plain_http_is_only_accepted_to_this_machine() {
        assertThat(load(repo("vcs: {provider: github, project: a/b, token_env: T, api_url: 'http://127.0.0.1:8089'}"))
                .repo("infra").orElseThrow().vcs().apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThat(problems(repo("vcs: {provider: github, project: a/b, token_env: T, "
                + "api_url: 'http://github.example.com/api/v3'}"))).containsExactly(
                "repos[0].vcs.api_url: must start with https:// (http:// only for this machine), got "
                        + "'http://github.example.com/api/v3'");
    }

    @Test
    void every_bad_vcs_value_names_the_repo_and_field() {
        assertThat(problems(repo("vcs: {provider: bitbucket, token_env: 1TOKEN, webhook_secret_env: 'a-b',",
                "      apply_on_comment: yes please, lock_max_age: forever}"))).containsExactlyInAnyOrder(
                "repos[0].vcs.provider: must be github or gitlab, got 'bitbucket'",
                "repos[0].vcs.token_env: must be an environment variable name (letters, digits and '_', not "
                        + "starting with a digit), got '1TOKEN'",
                "repos[0].vcs.webhook_secret_env: must be an environment variable name (letters, digits and '_', "
                        + "not starting with a digit), got 'a-b'",
                "repos[0].vcs.apply_on_comment: must be true or false, got 'yes please'",
                "repos[0].vcs.lock_max_age: must be a duration like 30s, 5m or 1h, got 'forever'");
    }

    @Test
    void the_project_must_have_the_hosts_shape() {
        assertThat(problems(repo("vcs: {provider: github, project: 'acme/platform/infra', token_env: T}")))
                .containsExactly("repos[0].vcs.project: must be owner/name, got 'acme/platform/infra'");
        assertThat(problems(repo("vcs: {provider: gitlab, project: infra, token_env: T}")))
                .containsExactly("repos[0].vcs.project: must be a project path like group/project, got 'infra'");
        assertThat(problems(repo("vcs: {provider: gitlab, token_env: T}")))
                .containsExactly("repos[0].vcs.project: must be set: the project path, group/project");
    }

    @Test
    void a_token_is_required_and_only_named() {
        assertThat(problems(repo("vcs: {provider: github, project: a/b}")))
                .containsExactly("repos[0].vcs.token_env: must be set: the environment variable that holds the API "
                        + "token");
    }

    @Test
    void secrets_written_in_the_file_are_refused_without_being_repeated() {
        List<String> problems = problems(repo("vcs: {provider: github, project: a/b, token: ghp_inline_canary,",
                "      webhook_secret: hook_inline_canary, token_env: T}"));

        assertThat(problems).containsExactlyInAnyOrder(
                "repos[0].vcs.token: a secret must not be written in the config: put it in an environment variable "
                        + "and name that with token_env",
                "repos[0].vcs.webhook_secret: a secret must not be written in the config: put it in an environment "
                        + "variable and name that with webhook_secret_env");
        assertThat(String.join("\n", problems)).doesNotContain("canary");
    }

    @Test
    void one_project_cannot_belong_to_two_repos() {
        assertThat(problems(yaml("data_dir: /d", "repos:",
                "  - name: a", "    url: https://h/a.git",
                "    vcs: {provider: github, project: acme/infra, token_env: T}",
                "  - name: b", "    url: https://h/b.git",
                "    vcs: {provider: github, project: ACME/infra, token_env: T}")))
                .containsExactly("repos[1].vcs.project: 'ACME/infra' is already the project of repos[0].vcs");
    }

    @Test
    void unknown_vcs_fields_are_named() {
        assertThat(problems(repo("vcs: {provider: github, project: a/b, token_env: T, secret_env: S}")))
                .containsExactly("repos[0].vcs.secret_env: unknown field (expected one of: provider, api_url, "
                        + "project, token_env, webhook_secret_env, apply_on_comment, lock_max_age)");
    }

    private static String repo(String... lines) {
        StringBuilder sb = new StringBuilder("data_dir: /d\nrepos:\n  - name: infra\n    url: https://h/infra.git\n");
        for (String l : lines) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }

    private DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    private List<String> problems(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        return e.problems();
    }
}

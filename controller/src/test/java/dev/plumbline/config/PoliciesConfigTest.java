package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.mkdirs;
import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.plumbline.config.PolicySetConfig.Source;
import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.rego.Library;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoliciesConfigTest {
    @TempDir
    Path dir;

    private static final String REPOS = yaml(
            "data_dir: data",
            "repos:",
            "  - {name: infra, url: https://h/infra.git}",
            "  - {name: org, url: https://h/org.git}");

    @Test
    void sets_are_read_with_their_sources_defaults_and_globs() {
        mkdirs(dir, "policies/team");
        DaemonConfig c = load(REPOS + yaml(
                "policies:",
                "  timeout: 10s",
                "  repos_may_enforce: [infra]",
                "  sets:",
                "    - name: protected",
                "      builtin: protected",
                "      params: {types: [random_pet], addresses: ['module.db.**']}",
                "      applies_to: ['infra/prod-*']",
                "    - name: team",
                "      dir: policies/team",
                "      namespaces: [main, terraform.aws]",
                "      enforcement: advisory",
                "    - name: org",
                "      git: {repo: org, path: policy/rego/}"));
        PoliciesConfig p = c.policies();
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.mayEnforce("infra")).isTrue();
        assertThat(p.mayEnforce("org")).isFalse();
        assertThat(p.sets()).extracting(PolicySetConfig::name, PolicySetConfig::source, PolicySetConfig::enforcement)
                .containsExactly(tuple("protected", Source.BUILTIN, Enforcement.MANDATORY),
                        tuple("team", Source.DIR, Enforcement.ADVISORY),
                        tuple("org", Source.GIT, Enforcement.MANDATORY));
        PolicySetConfig builtin = p.sets().get(0);
        assertThat(builtin.namespaces()).containsExactly("plumbline.protected");
        assertThat(builtin.paramsJson()).isEqualTo("{\"types\":[\"random_pet\"],\"addresses\":[\"module.db.**\"]}");
        assertThat(p.sets().get(1).dir()).isEqualTo(dir.resolve("policies/team"));
        assertThat(p.sets().get(1).namespaces()).containsExactly("main", "terraform.aws");
        assertThat(p.sets().get(2).path()).isEqualTo("policy/rego");
        assertThat(p.sets().get(2).namespaces()).containsExactly("main");
        assertThat(p.setsFor(new WorkspaceId("infra", "prod-db"))).extracting(PolicySetConfig::name)
                .containsExactly("protected", "team", "org");
        assertThat(p.setsFor(new WorkspaceId("infra", "staging"))).extracting(PolicySetConfig::name)
                .containsExactly("team", "org");
    }

    @Test
    void without_a_policies_section_there_are_no_sets() {
        assertThat(load(REPOS).policies()).isEqualTo(PoliciesConfig.NONE);
    }

    @Test
    void bad_sets_are_named_by_field() {
        assertThat(problems(REPOS + yaml(
                "policies:",
                "  timeout: 2h",
                "  repos_may_enforce: [nope]",
                "  sets:",
                "    - name: Bad:Name",
                "      builtin: protected",
                "    - name: two",
                "      builtin: protected",
                "      dir: somewhere",
                "    - name: unknown",
                "      builtin: forbid_everything",
                "    - name: missing",
                "      dir: not/there",
                "    - name: gitless",
                "      git: {repo: elsewhere, path: ../up}",
                "    - name: ns",
                "      dir: .",
                "      namespaces: ['main;x']",
                "      enforcement: strict",
                "      applies_to: []",
                "    - name: p",
                "      builtin: max_deletions",
                "      namespaces: [main]",
                "      params: [1, 2]",
                "    - name: dup",
                "      builtin: protected",
                "    - name: dup",
                "      builtin: allowed_providers",
                "      extra: 1"))).containsExactlyInAnyOrder(
                "policies.timeout: must be from 1s to 10m, got '2h'",
                "policies.repos_may_enforce[0]: names no repo of this config: 'nope'",
                "policies.sets[0].name: must be lower-case letters, digits, '_', '.' or '-', starting with a letter or"
                        + " digit (at most 63 characters), got 'Bad:Name'",
                "policies.sets[1]: must have exactly one of dir, git or builtin, got 2",
                "policies.sets[2].builtin: must be one of protected, required_tags, allowed_providers, max_deletions,"
                        + " got 'forbid_everything'",
                "policies.sets[3].dir: directory 'not/there' does not exist",
                "policies.sets[4].git.repo: names no repo of this config: 'elsewhere'",
                "policies.sets[4].git.path: must be a relative path inside the repo, without '.', '..' or empty steps,"
                        + " got '../up'",
                "policies.sets[5].namespaces[0]: must be a Rego package name such as main or terraform.aws, got"
                        + " 'main;x'",
                "policies.sets[5].enforcement: must be 'advisory' or 'mandatory', got 'strict'",
                "policies.sets[5].applies_to: must hold at least one glob over <repo>/<workspace> (default: ['**'])",
                "policies.sets[6].namespaces: must not be set for a built-in policy (its rules are in"
                        + " plumbline.max_deletions)",
                "policies.sets[6].params: must be a mapping (the policies read it as data.params), got a list",
                "policies.sets[8].name: another set is named 'dup' already",
                "policies.sets[8].extra: unknown field (expected one of: name, dir, git, builtin, namespaces,"
                        + " enforcement, applies_to, params)");
    }

    @Test
    void the_built_in_names_are_those_of_the_library() {
        assertThat(PolicySetConfig.BUILTINS).isEqualTo(Library.NAMES);
    }

    @Test
    void a_repository_names_its_own_policy_directory_advisory_by_default() {
        Path root = mkdirs(dir, "checkout");
        mkdirs(root, "policy");
        write(root, RepoSettings.FILE_NAME, yaml("policies: {dir: policy}"));
        assertThat(RepoSettings.load(root, "infra").policy()).isEqualTo(
                new RepoPolicy("policy", List.of("main"), Enforcement.ADVISORY));
        write(root, RepoSettings.FILE_NAME, yaml("policies: {dir: policy, namespaces: [infra], "
                + "enforcement: mandatory}"));
        assertThat(RepoSettings.load(root, "infra").policy()).isEqualTo(
                new RepoPolicy("policy", List.of("infra"), Enforcement.MANDATORY));
        write(root, RepoSettings.FILE_NAME, yaml("workspaces: []"));
        assertThat(RepoSettings.load(root, "infra").policy()).isNull();
    }

    @Test
    void a_repository_policy_directory_must_exist_inside_the_repository() {
        Path root = mkdirs(dir, "checkout");
        write(root, RepoSettings.FILE_NAME, yaml("policies: {dir: ../outside, enforcement: hard, colour: red}"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RepoSettings.load(root, "infra"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "policies.dir: must stay inside the repository, got '../outside'",
                "policies.enforcement: must be 'advisory' or 'mandatory', got 'hard'",
                "policies.colour: unknown field (expected one of: dir, namespaces, enforcement)");
        write(root, RepoSettings.FILE_NAME, yaml("policies: {namespaces: [main]}"));
        assertThat(catchThrowableOfType(ConfigException.class, () -> RepoSettings.load(root, "infra")).problems())
                .containsExactly("policies.dir: must be set: the directory of the repository's .rego files");
    }

    private DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    private List<String> problems(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith(file + ": "));
        return e.problems();
    }
}

package dev.plumbline.vcs.hosts;

import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.VcsConfig;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.VcsHost;
import dev.plumbline.vcs.WebhookParser;
import dev.plumbline.vcs.WebhookVerifier;
import dev.plumbline.vcs.github.GitHubClient;
import dev.plumbline.vcs.github.GitHubEvents;
import dev.plumbline.vcs.github.GitHubSignature;
import dev.plumbline.vcs.gitlab.GitLabClient;
import dev.plumbline.vcs.gitlab.GitLabEvents;
import dev.plumbline.vcs.gitlab.GitLabToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code hosts of the repos that have a {@code vcs:} entry: a client per repo, and the webhook verifier and
 * parser of its provider. Tokens and webhook secrets are read from the environment each time they are used, so
 * they are never held in a value, and the redactor of what is posted knows them all.
 */
public final class CodeHosts {
    private static final Logger LOG = LoggerFactory.getLogger(CodeHosts.class);

    /** One repo's host: {@code repo} is the configured name, {@code config.project()} the host's name for it. */
    public record Repo(String repo, String branch, VcsConfig config, VcsHost host, WebhookVerifier verifier,
                       WebhookParser parser) {
        public HostKind kind() {
            return host.kind();
        }

        /** The ref the host keeps a pull request's head commit under. */
        public String pullRequestRef(int number) {
            return kind() == HostKind.GITHUB ? "refs/pull/" + number + "/head"
                    : "refs/merge-requests/" + number + "/head";
        }
    }

    private final List<Repo> repos;
    private final Supplier<List<String>> secrets;

    private CodeHosts(List<Repo> repos, Supplier<List<String>> secrets) {
        this.repos = List.copyOf(repos);
        this.secrets = secrets;
    }

    public static CodeHosts of(List<RepoConfig> configs, Map<String, String> env) {
        List<Repo> repos = new ArrayList<>();
        for (RepoConfig r : configs) {
            VcsConfig v = r.vcs();
            if (v == null) {
                continue;
            }
            if (env.get(v.tokenEnv()) == null) {
                LOG.warn("repo {}: the environment variable {} (vcs.token_env) is not set, so its pull requests "
                        + "cannot be read or reported on", r.name(), v.tokenEnv());
            }
            if (v.webhookSecretEnv() != null && env.get(v.webhookSecretEnv()) == null) {
                LOG.warn("repo {}: the environment variable {} (vcs.webhook_secret_env) is not set, so its webhooks "
                        + "are refused; its pull requests are still polled", r.name(), v.webhookSecretEnv());
            }
            Supplier<String> token = () -> env.get(v.tokenEnv());
            Supplier<String> secret = () -> v.webhookSecretEnv() == null ? null : env.get(v.webhookSecretEnv());
            repos.add(switch (v.provider()) {
                case GITHUB -> new Repo(r.name(), r.branch(), v, new GitHubClient(v.apiUrl(), token),
                        new GitHubSignature(secret), new GitHubEvents());
                case GITLAB -> new Repo(r.name(), r.branch(), v, new GitLabClient(v.apiUrl(), token),
                        new GitLabToken(secret), new GitLabEvents());
            });
        }
        return new CodeHosts(repos, () -> {
            List<String> values = new ArrayList<>();
            for (Repo r : repos) {
                values.add(env.get(r.config().tokenEnv()));
                if (r.config().webhookSecretEnv() != null) {
                    values.add(env.get(r.config().webhookSecretEnv()));
                }
            }
            values.removeIf(Objects::isNull);
            return values;
        });
    }

    public static CodeHosts none() {
        return new CodeHosts(List.of(), List::of);
    }

    public boolean isEmpty() {
        return repos.isEmpty();
    }

    public List<Repo> all() {
        return repos;
    }

    public Optional<Repo> forRepo(String repo) {
        return repos.stream().filter(r -> r.repo().equals(repo)).findFirst();
    }

    /** The host of {@code repo}, which must have one: a repo without a {@code vcs:} entry has no pull requests. */
    public Repo repo(String repo) {
        return forRepo(repo).orElseThrow(() -> new IllegalArgumentException(
                "repo " + repo + " has no vcs: entry in the daemon config, so it has no pull requests"));
    }

    /** The repo a host calls {@code project}; host names are compared without regard to case, as the hosts do. */
    public Optional<Repo> forProject(HostKind kind, String project) {
        String p = project.toLowerCase(Locale.ROOT);
        return repos.stream().filter(r -> r.kind() == kind && r.config().project().toLowerCase(Locale.ROOT).equals(p))
                .findFirst();
    }

    public List<Repo> ofKind(HostKind kind) {
        return repos.stream().filter(r -> r.kind() == kind).toList();
    }

    /** The tokens and webhook secrets as they are now: nothing posted to a host may contain one. */
    public List<String> secretValues() {
        return secrets.get();
    }
}

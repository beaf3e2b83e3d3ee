package dev.plumbline.reconcile;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.Credentials;
import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.RepoSettings;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.discovery.ChangedFiles;
import dev.plumbline.discovery.RepoWorkspaces;
import dev.plumbline.discovery.SourceTree;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.Revision;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.source.Checkout;
import dev.plumbline.source.GitMirror;
import dev.plumbline.source.GitRemote;
import dev.plumbline.store.ValidSettings;
import dev.plumbline.util.Dirs;
import dev.plumbline.util.Echo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repositories Plumbline follows and what their tracked branch says: one Git mirror per repo, the newest
 * fetched revision, and the workspaces its {@code .plumbline.yaml} declares. When a new commit brings an invalid
 * {@code .plumbline.yaml}, the last valid settings stay in force and the error is kept for status output, so one
 * bad push cannot stop drift detection of the repo, nor touch other repos.
 */
public final class Catalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

    /**
     * A repo as last fetched. {@code settings} are the workspaces in force: the newest commit's, or the last valid
     * ones when {@code settingsError} says the newest commit's settings are invalid (null when there are none).
     */
    public record RepoView(String repo, Revision revision, RepoWorkspaces settings, String settingsError,
            Instant fetchedAt) { }

    private final Map<String, GitMirror> mirrors = new LinkedHashMap<>();
    private final Map<String, RepoView> views = new ConcurrentHashMap<>();
    private final Map<String, RepoWorkspaces> settingsByCommit = new ConcurrentHashMap<>();
    private final Path dataDir;
    private final ValidSettings validSettings;

    /** {@code validSettings} remembers, per repo, the newest commit whose settings were valid. */
    public Catalog(List<RepoConfig> repos, Path dataDir, Map<String, String> env, ValidSettings validSettings) {
        this.dataDir = dataDir;
        this.validSettings = validSettings;
        for (RepoConfig r : repos) {
            mirrors.put(r.name(), new GitMirror(new GitRemote(r.name(), r.url(), r.branch(), auth(r, env)), dataDir));
        }
    }

    public List<String> repos() {
        return List.copyOf(mirrors.keySet());
    }

    /** Fetches the repo and reads the settings of its newest commit. */
    public RepoView refresh(String repo) {
        GitMirror mirror = mirror(repo);
        // One refresh of a repo at a time: concurrent runs share the fetch and the settings read.
        synchronized (mirror) {
            return refresh(repo, mirror);
        }
    }

    private RepoView refresh(String repo, GitMirror mirror) {
        Revision head = mirror.fetch();
        RepoView previous = views.get(repo);
        if (previous != null && previous.revision().commit().equals(head.commit())) {
            RepoView same = new RepoView(repo, head, previous.settings(), previous.settingsError(), Instant.now());
            views.put(repo, same);
            return same;
        }
        RepoView view;
        try {
            RepoWorkspaces settings = load(repo, head.commit(), "");
            // only a head not seen before gets here (the same head returned above)
            validSettings.record(repo, head.commit());
            view = new RepoView(repo, head, settings, null, Instant.now());
        } catch (ConfigException e) {
            RepoWorkspaces kept = previous != null && previous.settings() != null ? previous.settings()
                    : storedSettings(repo, head.commit());
            LOG.error("repo {} at {}: invalid settings, {}: {}", repo, CommitSha.shorten(head.commit()),
                    kept == null ? "and no valid ones to keep" : "keeping the last valid ones", e.getMessage());
            view = new RepoView(repo, head, kept, e.getMessage(), Instant.now());
        }
        views.put(repo, view);
        return view;
    }

    /**
     * The settings of the newest commit recorded as valid, for a start (or a CLI command) that meets invalid
     * settings at the head: they are what was in force before, and must stay so across restarts.
     */
    private RepoWorkspaces storedSettings(String repo, String head) {
        Optional<String> commit = validSettings.commitOf(repo);
        if (commit.isEmpty() || commit.get().equals(head)) {
            return null;
        }
        try {
            return load(repo, commit.get(), "valid-");
        } catch (RuntimeException e) {
            LOG.error("repo {}: reading the last valid settings at {}: {}", repo, CommitSha.shorten(commit.get()), e.getMessage());
            return null;
        }
    }

    /**
     * The settings at {@code commit} and the workspaces they leave to discovery, read from a checkout of it that is
     * removed afterwards.
     */
    private RepoWorkspaces load(String repo, String commit, String prefix) {
        Path checkout = dataDir.resolve("catalog").resolve(repo).resolve(prefix + commit);
        try {
            Dirs.deleteRecursively(checkout);
            Dirs.createPrivate(checkout.getParent());
            Checkout written = mirror(repo).checkout(commit, checkout);
            // A link that leaves the repository is not written; the settings would silently fall back to defaults.
            if (written.skippedLinks().contains(RepoSettings.FILE_NAME)) {
                throw new ConfigException(repo + "/" + RepoSettings.FILE_NAME, "must be a regular file, not a "
                        + "symbolic link (this one leads outside the repository)", null);
            }
            return RepoWorkspaces.discover(RepoSettings.load(checkout, repo), checkout);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // A fault in reading settings is still a fault of this commit's settings: the last valid ones stay.
            LOG.error("repo {} at {}: reading the settings failed", repo, CommitSha.shorten(commit), e);
            throw new ConfigException(repo + "/" + RepoSettings.FILE_NAME, "could not be read: "
                    + (e.getMessage() == null ? "an internal error (see the daemon log)" : Echo.text(e.getMessage())), e);
        } finally {
            Dirs.deleteRecursively(checkout);
        }
    }

    /**
     * The view of the last refresh if it is younger than {@code maxAge}, else a new one: a run fetches before it
     * plans, but a batch of runs started together shares one fetch per repo.
     */
    public RepoView recent(String repo, Duration maxAge) {
        RepoView v = views.get(repo);
        if (v == null || v.fetchedAt().plus(maxAge).isBefore(Instant.now())) {
            return refresh(repo);
        }
        return v;
    }

    /** The view of the last refresh, fetching first if there was none. */
    public RepoView current(String repo) {
        RepoView v = views.get(repo);
        return v != null ? v : refresh(repo);
    }

    /** The settings of a workspace, with a clear error when the repo or the workspace is unknown. */
    public WorkspaceConfig workspace(WorkspaceId id) {
        RepoView view = current(id.repo());
        if (view.settings() == null) {
            throw new IllegalStateException("repo " + id.repo() + " has no valid settings: " + view.settingsError());
        }
        Optional<WorkspaceConfig> ws = view.settings().workspace(id.name());
        return ws.orElseThrow(() -> new IllegalArgumentException("workspace " + id + " does not exist; "
                + id.repo() + " has " + view.settings().workspaces().stream().map(w -> w.id().toString()).toList()));
    }

    /** The settings at any commit (a pull request's head), read from a checkout of it; the last few are kept. */
    public RepoWorkspaces settingsAt(String repo, String commit) {
        RepoView head = views.get(repo);
        if (head != null && head.revision().commit().equals(commit) && head.settingsError() == null) {
            return head.settings();
        }
        String key = repo + "@" + commit;
        RepoWorkspaces cached = settingsByCommit.get(key);
        if (cached != null) {
            return cached;
        }
        RepoWorkspaces settings = load(repo, commit, "at-");
        if (settingsByCommit.size() > 32) {
            settingsByCommit.clear();
        }
        settingsByCommit.put(key, settings);
        return settings;
    }

    /**
     * The workspaces that the commits from {@code base} to {@code head} change, by the settings at {@code head}.
     * The settings already read for the tracked branch answer unless the change could alter which workspaces
     * exist ({@link ChangedFiles#mayChangeWorkspaces}); only then are the settings at {@code head} read.
     */
    public Set<WorkspaceId> affected(String repo, String base, String head) {
        ChangedFiles changed = ChangedFiles.of(changedFiles(repo, base, head));
        RepoView view = views.get(repo);
        RepoWorkspaces known = view == null || view.settingsError() != null ? null : view.settings();
        return changed.affected(known, () -> settingsAt(repo, head));
    }

    /** The part of a commit one workspace needs ({@link RepoWorkspaces#dirsNeededBy}). */
    public SourceTree treeFor(WorkspaceConfig ws, String commit) {
        List<String> only;
        try {
            only = settingsAt(ws.id().repo(), commit).dirsNeededBy(ws);
        } catch (ConfigException e) {
            // The commit's settings are invalid (the last valid ones are in force): write the whole tree.
            only = List.of();
        }
        return SourceTree.commit(mirror(ws.id().repo()), commit, only);
    }

    /** Fetches one more ref of the remote (a feature branch, a pull request head) and returns its commit. */
    public String fetchRef(String repo, String remoteRef) {
        String local = "refs/plumbline/fetched/" + remoteRef.replaceFirst("^refs/", "");
        return mirror(repo).fetchRef(remoteRef, local).commit();
    }

    /** A commit id for a ref, short id or commit of the repo's mirror. */
    public String resolve(String repo, String ref) {
        return mirror(repo).resolve(ref).orElseThrow(() ->
                new IllegalArgumentException("repo " + repo + " has no commit or ref '" + ref + "'"));
    }

    public List<String> changedFiles(String repo, String fromCommit, String toCommit) {
        return mirror(repo).changedFiles(fromCommit, toCommit);
    }

    public GitMirror mirror(String repo) {
        GitMirror m = mirrors.get(repo);
        if (m == null) {
            throw new IllegalArgumentException("repo " + repo + " is not in the daemon config; it has " + repos());
        }
        return m;
    }

    @Override
    public void close() {
        mirrors.values().forEach(GitMirror::close);
    }

    static GitRemote.Auth auth(RepoConfig r, Map<String, String> env) {
        Credentials c = r.credentials();
        if (c instanceof Credentials.Token t) {
            return new GitRemote.Auth.Token(t.username(), () -> t.resolveToken(env));
        }
        if (c instanceof Credentials.SshKey k) {
            return new GitRemote.Auth.SshKey(k.keyFile(), k.knownHostsFile());
        }
        return new GitRemote.Auth.None();
    }

}

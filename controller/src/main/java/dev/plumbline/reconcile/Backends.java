package dev.plumbline.reconcile;

import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.discovery.RepoWorkspaces;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.source.GitMirror;
import dev.plumbline.source.GitRemote;
import dev.plumbline.util.Dirs;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which workspaces keep their state where only one daemon finds it. A workspace that declares no backend has its
 * state kept by Plumbline in the data_dir of the daemon that runs it ({@link RunDirectory}); a second daemon on the
 * same store has a data_dir of its own and would plan such a workspace from an empty state. Read at the head of
 * each repo's tracked branch, the way a run reads it.
 */
public final class Backends {
    private Backends() {
    }

    /** The workspaces without a backend, and the repos that could not be read, each with why. */
    public record Report(List<WorkspaceId> withoutBackend, List<String> unread) { }

    /** Fetches each repo into its mirror in {@code dataDir} and reads the workspaces at the head. */
    public static Report scan(List<RepoConfig> repos, Path dataDir, Map<String, String> env) {
        List<WorkspaceId> without = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (RepoConfig r : repos) {
            try (GitMirror mirror = new GitMirror(new GitRemote(r.name(), r.url(), r.branch(), Catalog.auth(r, env)),
                    dataDir)) {
                without.addAll(withoutBackend(mirror, r.name(), dataDir));
            } catch (RuntimeException e) {
                // one repo that cannot be read says so, and the others are still looked at
                unread.add("repo " + r.name() + ": " + e.getMessage());
            }
        }
        return new Report(List.copyOf(without), List.copyOf(unread));
    }

    private static List<WorkspaceId> withoutBackend(GitMirror mirror, String repo, Path dataDir) {
        String head = mirror.fetch().commit();
        Path checkout = dataDir.resolve("catalog").resolve(repo).resolve("backends-" + head);
        try {
            Dirs.deleteRecursively(checkout);
            Dirs.createPrivate(checkout.getParent());
            mirror.checkout(head, checkout);
            List<WorkspaceId> without = new ArrayList<>();
            for (WorkspaceConfig ws : RepoWorkspaces.load(checkout, repo).workspaces()) {
                Path dir = checkout.resolve(ws.dir()).normalize();
                if (dir.startsWith(checkout) && Files.isDirectory(dir) && !RunDirectory.declaresBackend(dir)) {
                    without.add(ws.id());
                }
            }
            return without;
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("reading the workspaces at " + head + ": " + e.getMessage(), e.getCause());
        } finally {
            Dirs.deleteRecursively(checkout);
        }
    }
}

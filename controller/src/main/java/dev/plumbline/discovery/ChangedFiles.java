package dev.plumbline.discovery;

import dev.plumbline.config.CheckoutPaths;
import dev.plumbline.config.RepoSettings;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The files a change touches, relative to the checkout root ({@code "./a/b"} and {@code "a//b"} read as
 * {@code "a/b"}; paths that are absolute or climb out of the checkout cannot be in it and are dropped), and which
 * workspaces that change affects.
 */
public record ChangedFiles(List<String> paths) {

    public ChangedFiles {
        paths = List.copyOf(paths);
    }

    public static ChangedFiles of(Collection<String> changedPaths) {
        List<String> out = new ArrayList<>();
        for (String p : changedPaths) {
            String n = normalize(p);
            if (n != null) {
                out.add(n);
            }
        }
        return new ChangedFiles(out);
    }

    /**
     * The workspaces of {@code repo} this change may alter: those whose directory holds a changed file, whose local
     * modules do (through any nesting), or whose var files changed. A change to {@code .plumbline.yaml} affects all
     * of them.
     */
    public Set<WorkspaceId> affected(RepoWorkspaces repo) {
        Set<WorkspaceId> out = new LinkedHashSet<>();
        boolean all = paths.contains(RepoSettings.FILE_NAME);
        for (WorkspaceConfig w : repo.workspaces()) {
            if (all || touches(w, repo.modules())) {
                out.add(w.id());
            }
        }
        return out;
    }

    /**
     * Whether this change could alter which workspaces exist: it touches {@code .plumbline.yaml}, or adds
     * configuration files outside every workspace and module directory of {@code known}. When it does not, the
     * workspaces read before the change give the same answer to {@link #affected} as those read after it: a change
     * that alters a workspace's module graph changes a file inside that graph, so the workspace is affected under
     * either graph.
     */
    public boolean mayChangeWorkspaces(RepoWorkspaces known) {
        return paths.contains(RepoSettings.FILE_NAME) || addsConfigurationElsewhere(known);
    }

    /**
     * The workspaces affected, by {@code known} (the workspaces read before the change; null when there are none)
     * where it answers as {@link #mayChangeWorkspaces} allows, otherwise by {@code atHead}, read only then: reading
     * the workspaces at a new commit means a checkout of the whole repo.
     */
    public Set<WorkspaceId> affected(RepoWorkspaces known, Supplier<RepoWorkspaces> atHead) {
        return affected(known == null || mayChangeWorkspaces(known) ? atHead.get() : known);
    }

    private boolean touches(WorkspaceConfig w, ModuleGraph modules) {
        Set<String> dirs = new LinkedHashSet<>();
        dirs.add(w.dir());
        dirs.addAll(modules.modulesOf(w.dir()));
        List<String> varFiles = w.varFilesFromRoot();
        for (String path : paths) {
            if (varFiles.contains(path)) {
                return true;
            }
            for (String dir : dirs) {
                if (dir.equals(".") || path.startsWith(dir + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean addsConfigurationElsewhere(RepoWorkspaces known) {
        Set<String> dirs = new HashSet<>(known.modules().moduleDirs());
        known.workspaces().forEach(w -> dirs.add(w.dir()));
        for (String path : paths) {
            if (!(path.endsWith(".tf") || path.endsWith(".tofu"))) {
                continue;
            }
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "." : path.substring(0, slash);
            if (!dirs.contains(dir)) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String path) {
        Path p = Path.of(path.replace('\\', '/')).normalize();
        if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
            return null;
        }
        return CheckoutPaths.slashes(p);
    }
}

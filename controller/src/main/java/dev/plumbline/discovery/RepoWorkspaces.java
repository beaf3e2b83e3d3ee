package dev.plumbline.discovery;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.RepoPolicy;
import dev.plumbline.config.RepoSettings;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The workspaces of one repository checkout: those its {@code .plumbline.yaml} lists, validated, and those
 * discovered on disk with defaults. {@code modules} is the checkout's module graph, kept to tell which workspaces
 * a change affects and which directories a run needs. {@code policy} is the repository's own policy directory, or
 * null when its settings name none.
 */
public record RepoWorkspaces(String repo, List<WorkspaceConfig> workspaces, ModuleGraph modules, RepoPolicy policy) {

    public RepoWorkspaces {
        Objects.requireNonNull(repo, "repo");
        workspaces = List.copyOf(workspaces);
        Objects.requireNonNull(modules, "modules");
    }

    /** Workspaces without a policy of the repository's own. */
    public RepoWorkspaces(String repo, List<WorkspaceConfig> workspaces, ModuleGraph modules) {
        this(repo, workspaces, modules, null);
    }

    /**
     * Reads {@code .plumbline.yaml} at the checkout root, if there is one, and discovers the workspaces it does not
     * list. Without the file every configuration directory that is not a module becomes a workspace.
     *
     * @throws ConfigException listing every problem, each naming {@code <repo>/.plumbline.yaml} and the field
     */
    public static RepoWorkspaces load(Path checkoutRoot, String repo) {
        return discover(RepoSettings.load(checkoutRoot, repo), checkoutRoot);
    }

    /** The workspaces {@code settings} list, and those they leave to discovery in the checkout they were read from. */
    public static RepoWorkspaces discover(RepoSettings settings, Path checkoutRoot) {
        ModuleGraph graph = ModuleGraph.scan(checkoutRoot, settings.repo());
        return new RepoWorkspaces(settings.repo(), new Discovery(settings).workspaces(graph), graph, settings.policy());
    }

    public Optional<WorkspaceConfig> workspace(String name) {
        return workspaces.stream().filter(w -> w.id().name().equals(name)).findFirst();
    }

    /** The workspaces a change to {@code changedPaths} (relative to the checkout root) may alter. */
    public Set<WorkspaceId> affectedBy(Collection<String> changedPaths) {
        return ChangedFiles.of(changedPaths).affected(this);
    }

    /**
     * The directories of the checkout a run of {@code ws} needs: its own, the local modules it uses (through any
     * nesting) and those holding its var files; empty when that is the whole tree (the workspace is the root).
     * Other workspaces of the repo are left out, so a run's checkout stays small in a big repo.
     */
    public List<String> dirsNeededBy(WorkspaceConfig ws) {
        Set<String> dirs = new TreeSet<>();
        dirs.add(ws.dir());
        dirs.addAll(modules.modulesOf(ws.dir()));
        for (String f : ws.varFilesFromRoot()) {
            int slash = f.lastIndexOf('/');
            dirs.add(slash < 0 ? "." : f.substring(0, slash));
        }
        return dirs.contains(".") ? List.of() : List.copyOf(dirs);
    }
}

package dev.plumbline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.plumbline.domain.WorkspaceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The workspaces of one repository checkout: those listed in its {@code .plumbline.yaml}, validated, and those
 * discovered on disk with defaults. {@code modules} is the checkout's module graph, kept to tell which workspaces
 * a change affects.
 */
public record RepoSettings(String repo, List<WorkspaceConfig> workspaces, ModuleGraph modules) {
    public static final String FILE_NAME = ".plumbline.yaml";

    public RepoSettings {
        workspaces = List.copyOf(workspaces);
    }

    /**
     * Reads {@code .plumbline.yaml} at the checkout root, if there is one, and discovers the workspaces it does not
     * list. Without the file every configuration directory that is not a module becomes a workspace.
     *
     * @throws ConfigException listing every problem, each naming {@code <repo>/.plumbline.yaml} and the field
     */
    public static RepoSettings load(Path checkoutRoot, String repoName) {
        new WorkspaceId(repoName, "check"); // an invalid repo name is the caller's mistake, not the file's
        Problems problems = new Problems(repoName + "/" + FILE_NAME);
        CheckoutPaths paths;
        try {
            paths = new CheckoutPaths(checkoutRoot);
        } catch (IOException e) {
            throw new ConfigException(problems.file(), "reading the checkout " + checkoutRoot + ": " + e, e);
        }
        RawRepoSettings raw = RawRepoSettings.read(settingsFile(paths, problems), problems);
        ModuleGraph graph = ModuleGraph.scan(paths.root(), repoName);
        List<WorkspaceConfig> workspaces = new RepoSettingsRules(repoName, paths, graph, problems).apply(raw);
        problems.throwIfAny();
        return new RepoSettings(repoName, workspaces, graph);
    }

    public Optional<WorkspaceConfig> workspace(String name) {
        return workspaces.stream().filter(w -> w.id().name().equals(name)).findFirst();
    }

    /**
     * The workspaces a change to {@code changedPaths} (relative to the checkout root) may alter: those whose
     * directory holds a changed file, whose local modules do (through any nesting), or whose var files changed.
     * A change to {@code .plumbline.yaml} affects all of them.
     */
    public Set<WorkspaceId> affectedBy(Collection<String> changedPaths) {
        List<String> changed = new ArrayList<>();
        for (String p : changedPaths) {
            String n = normalize(p);
            if (n != null) {
                changed.add(n);
            }
        }
        Set<WorkspaceId> out = new LinkedHashSet<>();
        boolean all = changed.contains(FILE_NAME);
        for (WorkspaceConfig w : workspaces) {
            if (all || touches(w, changed)) {
                out.add(w.id());
            }
        }
        return out;
    }

    private boolean touches(WorkspaceConfig w, List<String> changed) {
        Set<String> dirs = new LinkedHashSet<>();
        dirs.add(w.dir());
        dirs.addAll(modules.modulesOf(w.dir()));
        List<String> varFiles = w.varFilesFromRoot();
        for (String path : changed) {
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

    // "./a/b" and "a//b" as "a/b"; paths that are absolute or climb out of the checkout cannot be in it.
    private static String normalize(String path) {
        Path p = Path.of(path.replace('\\', '/')).normalize();
        if (p.isAbsolute() || p.startsWith("..") || p.toString().isEmpty()) {
            return null;
        }
        return CheckoutPaths.slashes(p);
    }

    private static JsonNode settingsFile(CheckoutPaths paths, Problems problems) {
        Path file = paths.root().resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return MissingNode.getInstance();
        }
        // A link to a file elsewhere on the daemon's machine would have its content quoted back in errors.
        if (Files.isSymbolicLink(file) || !paths.contains(file) || !Files.isRegularFile(file)) {
            throw new ConfigException(problems.file(), "must be a regular file, not a symbolic link or a directory",
                    null);
        }
        return YamlFile.read(file, problems.file());
    }
}

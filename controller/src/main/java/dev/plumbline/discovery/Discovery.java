package dev.plumbline.discovery;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.RepoSettings;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.util.Echo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workspaces nobody listed: every directory with configuration files that is not hidden, not used as a module
 * by another directory, not excluded and not already listed. Adding a directory to the repository is enough to
 * have it planned and checked for drift; listing it is only needed to change its defaults.
 */
final class Discovery {
    private static final String DOING = "discovering workspaces: directory ";

    private final RepoSettings settings;
    // Workspace name -> who has it, for naming both sides of a collision.
    private final Map<String, String> owners = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    Discovery(RepoSettings settings) {
        this.settings = settings;
    }

    /**
     * The listed workspaces, then (unless the settings turn discovery off) the discovered ones in directory order.
     *
     * @throws ConfigException naming {@code <repo>/.plumbline.yaml}, when a discovered directory's name is not a
     *     valid workspace name or is already taken
     */
    List<WorkspaceConfig> workspaces(ModuleGraph graph) {
        List<WorkspaceConfig> out = new ArrayList<>(settings.workspaces());
        if (!settings.autodiscover()) {
            return out;
        }
        owners.putAll(settings.entries());
        Set<String> listedDirs = new HashSet<>();
        settings.workspaces().forEach(w -> listedDirs.add(w.dir()));
        for (String dir : unlisted(graph, listedDirs)) {
            WorkspaceId id = discoveredId(dir);
            if (id != null) {
                out.add(WorkspaceConfig.discovered(id, dir));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(RepoSettings.fileOf(settings.repo()), problems);
        }
        return out;
    }

    /** The directories to add as workspaces, in name order. */
    private List<String> unlisted(ModuleGraph graph, Set<String> listedDirs) {
        List<String> out = new ArrayList<>();
        Set<String> modules = graph.moduleDirs();
        for (String dir : graph.configDirs()) {
            if (!listedDirs.contains(dir) && !modules.contains(dir) && !hidden(dir)
                    && !settings.exclude().covers(dir)) {
                out.add(dir);
            }
        }
        return out;
    }

    private WorkspaceId discoveredId(String dir) {
        String name = RepoSettings.nameOf(dir);
        String named = DOING + Echo.quote(dir) + " would be named " + Echo.quote(name);
        WorkspaceId id;
        try {
            id = new WorkspaceId(settings.repo(), name);
        } catch (IllegalArgumentException e) {
            problems.add(named + ", which is not a valid name (" + RepoSettings.NAME_RULE + "); list it under "
                    + "workspaces with a name, or exclude it");
            return null;
        }
        String previous = owners.putIfAbsent(name, "directory " + Echo.quote(dir));
        if (previous != null) {
            problems.add(named + ", which is already the name of " + previous + "; name one of them under "
                    + "workspaces, or exclude it");
            return null;
        }
        return id;
    }

    // Module sources may lead into hidden directories; those are followed for the graph, never made workspaces.
    private static boolean hidden(String dir) {
        for (String step : dir.split("/")) {
            if (step.startsWith(".") && !step.equals(".")) {
                return true;
            }
        }
        return false;
    }
}

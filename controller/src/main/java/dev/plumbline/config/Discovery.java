package dev.plumbline.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Workspaces nobody listed: every directory with configuration files that is not hidden, not used as a module
 * by another directory, not excluded and not already listed. Adding a directory to the repository is enough to
 * have it planned and checked for drift; listing it is only needed to change its defaults.
 */
final class Discovery {
    /** The name given to a workspace at the checkout root, which has no directory name to derive one from. */
    static final String ROOT_NAME = "root";

    private final List<PathMatcher> excluded = new ArrayList<>();

    /** Exclusion globs are checked here; a bad one is recorded at {@code exclude[i]}. */
    Discovery(List<String> excludeGlobs, Problems problems) {
        for (int i = 0; i < excludeGlobs.size(); i++) {
            String glob = excludeGlobs.get(i);
            if (glob == null) {
                continue; // not a single value: already reported
            }
            try {
                excluded.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            } catch (IllegalArgumentException e) { // PatternSyntaxException among them
                problems.add("exclude[" + i + "]", "is not a valid glob, got '" + glob + "'");
            }
        }
    }

    /** The directories to add as workspaces, in name order. */
    List<String> unlisted(ModuleGraph graph, Set<String> listedDirs) {
        List<String> out = new ArrayList<>();
        Set<String> modules = graph.moduleDirs();
        for (String dir : graph.configDirs()) {
            if (!listedDirs.contains(dir) && !modules.contains(dir) && !hidden(dir) && !isExcluded(dir)) {
                out.add(dir);
            }
        }
        return out;
    }

    /** {@code workspaces/hello} is named {@code workspaces-hello}. */
    static String nameOf(String dir) {
        return dir.equals(".") ? ROOT_NAME : dir.replace('/', '-');
    }

    // A directory is excluded when it or any directory above it matches, so 'legacy' excludes all below it.
    boolean isExcluded(String dir) {
        Path p = Path.of(dir);
        for (int n = p.getNameCount(); n > 0; n--) {
            Path prefix = p.subpath(0, n);
            for (PathMatcher m : excluded) {
                if (m.matches(prefix)) {
                    return true;
                }
            }
        }
        return false;
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

package dev.plumbline.config;

import dev.plumbline.util.Echo;
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

    /** More would only slow every discovery down; real repos exclude a handful of directories. */
    static final int MAX_EXCLUDES = 100;

    private final List<Glob> excluded = new ArrayList<>();

    /** Exclusion globs are checked here; a bad one is recorded at {@code exclude[i]}. */
    Discovery(List<String> excludeGlobs, Problems problems) {
        if (excludeGlobs.size() > MAX_EXCLUDES) {
            problems.add("exclude", "has " + excludeGlobs.size() + " globs; at most " + MAX_EXCLUDES);
            return;
        }
        for (int i = 0; i < excludeGlobs.size(); i++) {
            String glob = excludeGlobs.get(i);
            if (glob == null) {
                continue; // not a single value: already reported
            }
            try {
                excluded.add(Glob.of(glob));
            } catch (IllegalArgumentException e) {
                problems.add("exclude[" + i + "]", "is not a valid glob: it " + e.getMessage() + ", got "
                        + Echo.quote(glob));
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
        String prefix = dir;
        while (true) {
            for (Glob g : excluded) {
                if (g.matches(prefix)) {
                    return true;
                }
            }
            int slash = prefix.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            prefix = prefix.substring(0, slash);
        }
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

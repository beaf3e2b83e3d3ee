package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code exclude} globs of {@code .plumbline.yaml}, validated: the directories never made workspaces by
 * discovery. A directory is excluded when it or any directory above it matches, so {@code legacy} excludes all
 * below it.
 */
public final class ExcludedDirs {
    /** More would only slow every discovery down; real repos exclude a handful of directories. */
    static final int MAX_GLOBS = 100;

    private final List<String> written;
    private final List<Glob> globs;

    private ExcludedDirs(List<String> written, List<Glob> globs) {
        this.written = List.copyOf(written);
        this.globs = List.copyOf(globs);
    }

    /** No directory excluded. */
    public static ExcludedDirs none() {
        return new ExcludedDirs(List.of(), List.of());
    }

    /** The globs as written, checked; a bad one is recorded at {@code exclude[i]} and left out. */
    static ExcludedDirs of(List<String> excludeGlobs, Problems problems) {
        if (excludeGlobs.size() > MAX_GLOBS) {
            problems.add("exclude", "has " + excludeGlobs.size() + " globs; at most " + MAX_GLOBS);
            return none();
        }
        List<String> written = new ArrayList<>();
        List<Glob> globs = new ArrayList<>();
        for (int i = 0; i < excludeGlobs.size(); i++) {
            String glob = excludeGlobs.get(i);
            if (glob == null) {
                continue; // not a single value: already reported
            }
            try {
                globs.add(Glob.of(glob));
                written.add(glob);
            } catch (IllegalArgumentException e) {
                problems.add("exclude[" + i + "]", "is not a valid glob: it " + e.getMessage() + ", got "
                        + Echo.quote(glob));
            }
        }
        return new ExcludedDirs(written, globs);
    }

    /** Whether {@code dir} (relative to the checkout root, '/' separators) or a directory above it is excluded. */
    public boolean covers(String dir) {
        String prefix = dir;
        while (true) {
            for (Glob g : globs) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ExcludedDirs other && other.written.equals(written);
    }

    @Override
    public int hashCode() {
        return written.hashCode();
    }

    @Override
    public String toString() {
        return written.toString();
    }
}

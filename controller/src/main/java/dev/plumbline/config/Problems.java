package dev.plumbline.config;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with one file while reading goes on, so all of it is reported at once. */
final class Problems {
    private final String file;
    private final List<String> found = new ArrayList<>();
    // The file as a whole is unusable (a list where a mapping belongs): "must be set" for each field is noise.
    private boolean fileLevel;

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void add(String path, String message) {
        fileLevel |= path.isEmpty();
        found.add(path.isEmpty() ? message : path + ": " + message);
    }

    /** Whether a problem is already recorded at a field under {@code section} ({@code events.http}). */
    boolean saidUnder(String section) {
        return found.stream().anyMatch(p -> p.startsWith(section + ".") || p.startsWith(section + ": "));
    }

    /**
     * Adds the problem unless one is already recorded at {@code path} or at a field holding it: "must be set" after
     * "got a list", or after "aws: must be a mapping", is noise.
     */
    void addUnlessSaid(String path, String message) {
        List<String> said = new ArrayList<>();
        said.add(path + ": ");
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                said.add(path.substring(0, i) + ": ");
            }
        }
        if (!fileLevel && found.stream().noneMatch(p -> said.stream().anyMatch(p::startsWith))) {
            add(path, message);
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigException(file, found);
        }
    }

    /** {@code prefix.name}, or {@code name} at the top level. */
    static String path(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}

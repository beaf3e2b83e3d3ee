package dev.plumbline.config;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with one file while reading goes on, so all of it is reported at once. */
final class Problems {
    private final String file;
    private final List<String> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void add(String path, String message) {
        found.add(path.isEmpty() ? message : path + ": " + message);
    }

    /** Adds the problem unless one is already recorded at {@code path}: "must be set" after "got a list" is noise. */
    void addUnlessSaid(String path, String message) {
        if (found.stream().noneMatch(p -> p.startsWith(path + ": "))) {
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

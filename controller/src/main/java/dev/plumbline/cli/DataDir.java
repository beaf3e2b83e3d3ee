package dev.plumbline.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where Plumbline keeps its database, plan key, run directories and local state. */
final class DataDir {
    private DataDir() { }

    static Path resolve(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        String fromEnv = env.get("PLUMBLINE_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share");
        return base.resolve("plumbline").toAbsolutePath();
    }
}

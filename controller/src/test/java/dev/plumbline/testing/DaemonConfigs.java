package dev.plumbline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.DaemonConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Daemon configs written as lines of YAML and read the way the daemon reads its own file, for tests outside
 * {@code config} that need a validated section ({@code aws}, {@code notifications}) or its refusal.
 */
public final class DaemonConfigs {
    private DaemonConfigs() { }

    public static DaemonConfig load(String... lines) {
        Path file = write(lines);
        try {
            return DaemonConfig.load(file);
        } finally {
            delete(file);
        }
    }

    /** Why the config is refused; fails when it is not. */
    public static ConfigException failure(String... lines) {
        Path file = write(lines);
        try {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
            assertThat(e).as("loading should fail").isNotNull();
            return e;
        } finally {
            delete(file);
        }
    }

    public static List<String> problems(String... lines) {
        return failure(lines).problems();
    }

    private static Path write(String... lines) {
        try {
            Path file = Files.createTempFile("plumbline-config", ".yaml");
            return Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

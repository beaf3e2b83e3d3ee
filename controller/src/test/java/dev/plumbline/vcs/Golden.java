package dev.plumbline.vcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered text with a file under {@code src/test/resources/vcs/golden/}. To accept a deliberate change,
 * run the tests with {@code -Dplumbline.updateGolden=true}: the files are rewritten, and the diff is reviewed in Git.
 */
final class Golden {
    static final String UPDATE = "plumbline.updateGolden";

    private Golden() {
    }

    static void assertMatches(String name, String actual) {
        Path file = dir().resolve(name);
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s is missing: run the tests with -D%s=true to write it", file, UPDATE)
                    .exists();
            assertThat(actual).as("%s differs from its golden file; if the change is intended, rerun with -D%s=true "
                    + "and review the diff", name, UPDATE).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source directory, not target/: updates must land where Git sees them. */
    private static Path dir() {
        String root = System.getProperty("plumbline.repoRoot");
        Path module = root == null ? Path.of("") : Path.of(root, "controller");
        return module.resolve("src/test/resources/vcs/golden").toAbsolutePath().normalize();
    }
}

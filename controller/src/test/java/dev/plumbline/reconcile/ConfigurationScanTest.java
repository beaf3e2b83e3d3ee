package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scans of a workspace's configuration that run before tofu (does it declare a backend, what can change what
 * init installs) read files pushed by anyone with access to the repository, so they must take time linear in the
 * file. The bound is a hang detector, not a speed target: before, 150 KB of blank lines took over a minute.
 */
class ConfigurationScanTest {
    private static final Duration HANG = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void blank_lines_do_not_make_the_backend_scan_quadratic() throws Exception {
        Files.writeString(dir.resolve("main.tf"), "\n".repeat(150_000) + " \t\n".repeat(50_000));
        assertThat(assertTimeoutPreemptively(HANG, () -> RunDirectory.declaresBackend(dir))).isFalse();
    }

    @Test
    void the_backend_is_still_found_after_blank_lines() throws Exception {
        Files.writeString(dir.resolve("main.tf"), "\n".repeat(100_000) + "terraform {\n  backend \"s3\" {\n  }\n}\n");
        assertThat(assertTimeoutPreemptively(HANG, () -> RunDirectory.declaresBackend(dir))).isTrue();
        Files.writeString(dir.resolve("main.tf"), "terraform {\n  cloud {\n  }\n}\n");
        assertThat(RunDirectory.declaresBackend(dir)).isTrue();
        Files.writeString(dir.resolve("main.tf"), "# backend \"s3\" {\nresource \"x\" \"y\" {}\n");
        assertThat(RunDirectory.declaresBackend(dir)).isFalse();
    }

    @Test
    void the_init_fingerprint_of_a_large_odd_file_is_linear() throws Exception {
        Files.writeString(dir.resolve("main.tf"), "\n".repeat(150_000) + "source = \"".repeat(20_000)
                + "module module module ".repeat(20_000));
        String fp = assertTimeoutPreemptively(HANG, () -> InitCache.fingerprint(dir, "tofu", "1.12.6", List.of()));
        assertThat(fp).hasSize(64);
    }
}

package dev.plumbline.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.config.RepoSettings;
import dev.plumbline.testing.RealToolchain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release bundle {@code mvn package} writes, target/plumbline-&lt;version&gt;.tar.gz, unpacked as a user would:
 * what it holds, its sums, its examples read by the daemon's own config rules, and its jar run by a plain JRE.
 */
class ReleaseBundleIT {
    private static final List<String> FILES = List.of("LICENSE", "README.md", "SHA256SUMS", "examples/config.yaml",
            "examples/plumbline.yaml", "plumbline.env", "plumbline.jar", "plumbline.service", "versions.env");

    @TempDir
    static Path tmp;

    private static Path bundle;
    private static Path dir;
    private static Map<String, TarArchiveEntry> entries;

    @BeforeAll
    static void unpack() throws IOException {
        bundle = ImageFiles.bundle();
        entries = new TreeMap<>();
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(bundle));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = tmp.resolve(e.getName()).normalize();
                assertThat(to.startsWith(tmp)).as("%s stays in the folder", e.getName()).isTrue();
                entries.put(e.getName(), e);
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to);
                }
            }
        }
        dir = tmp.resolve("plumbline-" + System.getProperty("plumbline.version"));
        System.out.printf("bundle %s: %.1f MB%n", bundle, Files.size(bundle) / 1e6);
    }

    @Test
    void holds_the_jar_the_unit_the_examples_the_readme_and_sums_in_one_folder() throws IOException {
        String top = dir.getFileName() + "/";
        assertThat(entries.keySet()).allMatch(n -> n.startsWith(top));
        assertThat(entries.values().stream().filter(e -> !e.isDirectory()).map(e -> e.getName().substring(top.length())))
                .containsExactlyInAnyOrderElementsOf(FILES);
        assertThat(entries.values()).allSatisfy(e -> assertThat(e.getLongUserId()).as(e.getName()).isZero());
        Path root = RealToolchain.repoRoot();
        assertThat(Files.mismatch(dir.resolve("plumbline.jar"), root.resolve("controller/target/plumbline.jar")))
                .isEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("plumbline.service"), root.resolve("runner-image/plumbline.service")))
                .isEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("README.md"), root.resolve("README.md"))).isEqualTo(-1L);
    }

    @Test
    void every_file_matches_its_sha256_and_the_bundle_matches_the_sum_beside_it() throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("SHA256SUMS"))) {
            String[] parts = line.split(" {2}", 2);
            assertThat(parts).as("sha256sum line: %s", line).hasSize(2);
            sums.put(parts[1], parts[0]);
        }
        assertThat(sums.keySet()).containsExactlyInAnyOrderElementsOf(
                FILES.stream().filter(f -> !f.equals("SHA256SUMS")).toList());
        sums.forEach((file, sum) -> assertThat(sha256(dir.resolve(file))).as(file).isEqualTo(sum));
        Path beside = bundle.resolveSibling(bundle.getFileName() + ".sha256");
        assertThat(Files.readString(beside).strip()).isEqualTo(sha256(bundle) + "  " + bundle.getFileName());
    }

    @Test
    void the_example_configs_are_read_by_the_daemon_rules() throws IOException {
        DaemonConfig config = DaemonConfig.load(dir.resolve("examples/config.yaml"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/plumbline"));
        assertThat(config.repo("infra")).isPresent();

        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        RealToolchain.copyExample("hello", checkout);
        Files.copy(dir.resolve("examples/plumbline.yaml"), checkout.resolve(RepoSettings.FILE_NAME));
        RepoSettings settings = RepoSettings.load(checkout, "infra");
        assertThat(settings.workspace("hello")).as("the example's workspace").isPresent();
    }

    @Test
    void its_jar_runs_on_a_plain_jre() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                dir.resolve("plumbline.jar").toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("serve").contains("doctor");
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            var sha = ImageTarball.sha256();
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new AssertionError("reading " + file + ": " + e.getMessage(), e);
        }
    }
}

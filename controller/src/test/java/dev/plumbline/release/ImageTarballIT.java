package dev.plumbline.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.release.ImageTarball.Entry;
import dev.plumbline.testing.RealToolchain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner image as {@code mvn -Pimage package} leaves it in target/plumbline-image.tar, opened without a
 * container runtime: its OCI index, manifest, config and layers, then the unpacked file system, whose tools are run
 * from where they lie. Skipped only when the build did not make the image (the image profile is off).
 */
class ImageTarballIT {
    static final String JAR = "/opt/plumbline/plumbline.jar";
    static final String DATA = "/var/lib/plumbline";
    private static final long MAX_COMPRESSED = 200L << 20;

    @TempDir
    static Path work;

    private static ImageTarball image;
    private static Map<String, Entry> entries;
    private static Path root;

    @BeforeAll
    static void unpack() throws IOException {
        Path tarball = ImageFiles.tarballOrSkip();
        image = ImageTarball.open(tarball, work);
        root = Files.createDirectories(work.resolve("root"));
        entries = image.unpack(root);
        long compressed = image.layers.stream().mapToLong(ImageTarball.Layer::size).sum();
        long files = entries.values().stream().filter(Entry::isFile).mapToLong(Entry::size).sum();
        System.out.printf("image %s: %d layers, %.1f MB compressed, %.1f MB of files%n", tarball,
                image.layers.size(), compressed / 1e6, files / 1e6);
    }

    @Test
    void runs_as_the_non_root_user_plumbline_with_serve_as_its_command() throws IOException {
        JsonNode c = image.config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(Files.readAllLines(root.resolve("etc/passwd")))
                .contains("plumbline:x:10001:10001:Plumbline:" + DATA + ":/usr/sbin/nologin");
        assertThat(strings(c.path("Entrypoint"))).startsWith("/opt/java/bin/java").endsWith("-jar", JAR);
        assertThat(strings(c.path("Cmd"))).containsExactly("serve", "--config", "/etc/plumbline/config.yaml");
        assertThat(c.path("WorkingDir").asText()).isEqualTo(DATA);
        assertThat(c.path("Volumes").has(DATA)).as("volumes: %s", c.path("Volumes")).isTrue();
        assertThat(strings(c.path("Env"))).contains("PLUMBLINE_DATA_DIR=" + DATA, "PLUMBLINE_TOFU=/usr/local/bin/tofu",
                "PLUMBLINE_TERRAFORM=/usr/local/bin/terraform", "PLUMBLINE_OPA=/usr/local/bin/opa", "HOME=" + DATA);

        Entry data = entries.get(DATA);
        assertThat(data.type()).isEqualTo('5');
        assertThat(data.uid()).isEqualTo(10001);
        assertThat(data.mode()).isEqualTo(0700);
    }

    @Test
    void labels_name_the_version_source_licence_and_pinned_tools() throws IOException {
        Properties pinned = pinned();
        JsonNode labels = image.config.path("config").path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText())
                .isEqualTo(System.getProperty("plumbline.version"));
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
        assertThat(labels.path("org.opencontainers.image.source").asText()).isNotBlank();
        assertThat(labels.path("dev.plumbline.tofu.version").asText()).isEqualTo(pinned.getProperty("TOFU_VERSION"));
        assertThat(labels.path("dev.plumbline.terraform.version").asText())
                .isEqualTo(pinned.getProperty("TERRAFORM_VERSION"));
        assertThat(labels.path("dev.plumbline.opa.version").asText()).isEqualTo(pinned.getProperty("OPA_VERSION"));
        assertThat(labels.path("dev.plumbline.providers").asText())
                .contains("hashicorp/local=" + pinned.getProperty("PROVIDER_local_VERSION"))
                .contains("hashicorp/random=" + pinned.getProperty("PROVIDER_random_VERSION"));
        assertThat(image.layers).allSatisfy(l ->
                assertThat(l.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
    }

    @Test
    void the_jar_is_the_one_built_and_the_tools_report_the_pinned_versions() throws Exception {
        Properties pinned = pinned();
        Path builtJar = Path.of(System.getProperty("plumbline.repoRoot"), "controller/target/plumbline.jar");
        assertThat(Files.mismatch(root.resolve(JAR.substring(1)), builtJar)).as("the image's jar").isEqualTo(-1L);
        for (String tool : List.of("/usr/local/bin/tofu", "/usr/local/bin/terraform", "/usr/local/bin/opa",
                "/opt/java/bin/java")) {
            assertThat(entries.get(tool)).as(tool).isNotNull();
            assertThat(entries.get(tool).mode()).as(tool + " mode").isEqualTo(0755);
            assertThat(entries.get(tool).uid()).as(tool + " owner").isZero();
        }
        assertThat(run(root.resolve("usr/local/bin/tofu").toString(), "version"))
                .startsWith("OpenTofu v" + pinned.getProperty("TOFU_VERSION") + "\n");
        assertThat(run(root.resolve("usr/local/bin/terraform").toString(), "version"))
                .startsWith("Terraform v" + pinned.getProperty("TERRAFORM_VERSION") + "\n");
        assertThat(run(root.resolve("usr/local/bin/opa").toString(), "version"))
                .startsWith("Version: " + pinned.getProperty("OPA_VERSION") + "\n");
        assertThat(run(root.resolve("opt/java/bin/java").toString(), "-version")).contains("version \"17.");
        for (String p : pinned.getProperty("PROVIDERS").split(",")) {
            String v = pinned.getProperty("PROVIDER_" + p + "_VERSION");
            assertThat(entries).containsKey("/opt/plumbline/providers/registry.opentofu.org/hashicorp/" + p + "/" + v
                    + "/linux_amd64/terraform-provider-" + p + "_v" + v);
        }
        assertThat(Files.readString(root.resolve("opt/plumbline/tofurc.offline")))
                .contains("path    = \"/opt/plumbline/providers\"");
    }

    /** The image's own Java runtime (its jlink'd modules) runs the image's jar, with the image's tools. */
    @Test
    void doctor_runs_on_the_image_java_runtime_with_its_tools() throws Exception {
        String out = run(List.of(root.resolve("opt/java/bin/java").toString(), "-jar", root.resolve(JAR.substring(1))
                        .toString(), "doctor", "--data-dir", work.resolve("doctor-data").toString()),
                Map.of("PLUMBLINE_TOFU", root.resolve("usr/local/bin/tofu").toString(),
                        "PLUMBLINE_TERRAFORM", root.resolve("usr/local/bin/terraform").toString(),
                        "PLUMBLINE_TOOLS_DIR", work.resolve("no-tools").toString()));
        assertThat(out).containsPattern("ok +tofu +" + pinned().getProperty("TOFU_VERSION"))
                .containsPattern("ok +terraform +" + pinned().getProperty("TERRAFORM_VERSION"))
                .containsPattern("ok +database");
    }

    @Test
    void no_secret_build_path_setuid_file_or_world_writable_file_is_in_the_layers() throws IOException {
        assertThat(ImageFiles.leak(image.config.toString())).as("the image config").isNull();
        assertThat(strings(image.config.path("config").path("Env")))
                .noneMatch(e -> e.split("=", 2)[0].matches("(?i).*(TOKEN|PASSWORD|SECRET|_KEY).*"));
        Map<String, String> found = new TreeMap<>();
        for (Entry e : entries.values()) {
            if ((e.mode() & 06000) != 0) {
                found.put(e.path(), "setuid or setgid");
            }
            if (e.type() != '2' && (e.mode() & 0002) != 0 && !e.path().equals("/tmp")) {
                found.put(e.path(), "world-writable");
            }
            if (e.isFile()) {
                scan(root.resolve(e.path().substring(1)), e.path(), found);
            }
        }
        assertThat(found).as("files the image must not hold").isEmpty();
        assertThat(entries.get("/tmp").mode()).isEqualTo(01777);
    }

    @Test
    void the_image_stays_small() {
        long compressed = image.layers.stream().mapToLong(ImageTarball.Layer::size).sum();
        assertThat(compressed).as("compressed layers, bytes").isLessThan(MAX_COMPRESSED);
        assertThat(image.layers).as("layers: os, Java, tools, providers, jar").hasSize(5);
    }

    private static void scan(Path file, String name, Map<String, String> found)
            throws IOException {
        if (name.endsWith(".jar")) {
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry z : zip.stream().map(ZipEntry.class::cast).toList()) {
                    try (InputStream in = zip.getInputStream(z)) {
                        String leak = ImageFiles.leak(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1),
                                !z.getName().endsWith(".class"));
                        if (leak != null) {
                            found.put(name + "!" + z.getName(), leak);
                        }
                    }
                }
            }
            return;
        }
        match(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), name, found);
    }

    private static void match(String bytes, String name, Map<String, String> found) {
        String leak = ImageFiles.leak(bytes);
        if (leak != null) {
            found.put(name, leak);
        }
    }

    static Properties pinned() throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(RealToolchain.repoRoot().resolve("runner-image/versions.env"))) {
            p.load(r);
        }
        return p;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String run(String... argv) throws Exception {
        return run(List.of(argv), Map.of());
    }

    private static String run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", work.toString(), "CHECKPOINT_DISABLE", "1"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", argv).isTrue();
        assertThat(p.exitValue()).as("%s exit; output:%n%s", argv, out).isZero();
        return out;
    }
}

package dev.plumbline.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.testing.InfraRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner image in a real container runtime, podman from Debian's packages: loaded from the tarball, then
 * {@code doctor}, and a reconcile and a drift check of the example workspace from a Git repository and a data
 * volume mounted into it, offline (no network, providers from the image's mirror). Skipped, saying why, where
 * podman is missing or cannot start a container on this machine; once it can, every step must pass.
 */
class ImageInPodmanIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USER = 10001;

    @TempDir
    static Path tmp;

    private static String image;

    @BeforeAll
    static void load() throws Exception {
        Path tarball = ImageFiles.tarballOrSkip();
        Assumptions.assumeTrue(onPath("podman"), "podman is not installed (Debian's package podman; "
                + "runner-image/install-toolchain.sh installs it when run as root)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "podman runs the image here only as root (the mounted data dir is handed to the image's user)");
        Result loaded = podman(List.of("load", "-i", tarball.toString()));
        assertThat(loaded.exit()).as("podman load: %s", loaded.out()).isZero();
        image = "localhost/" + ImageTarball.index(tarball).path("manifests").path(0).path("annotations")
                .path("org.opencontainers.image.ref.name").asText();
        Result probe = podman(run(List.of("--entrypoint", "/opt/java/bin/java", image, "-version")));
        Assumptions.assumeTrue(probe.exit() == 0,
                () -> "podman cannot start a container on this machine: " + firstLine(probe.out()));
        assertThat(probe.out()).contains("version \"17.");
    }

    @AfterAll
    static void remove() throws Exception {
        if (image != null) {
            podman(List.of("rmi", "--force", image));
        }
    }

    @Test
    void doctor_passes_inside_the_image() throws Exception {
        Result doctor = podman(run(List.of("-e", "PLUMBLINE_TF_CLI_CONFIG=/opt/plumbline/tofurc.offline", image,
                "doctor")));
        assertThat(doctor.exit()).as(doctor.out()).isZero();
        assertThat(doctor.out()).containsPattern("ok +tofu +" + ImageTarballIT.pinned().getProperty("TOFU_VERSION"))
                .containsPattern("ok +providers +hashicorp/local")
                .containsPattern("ok +database +/var/lib/plumbline/plumbline.mv.db");
    }

    @Test
    void a_workspace_is_applied_and_its_drift_found_inside_the_image_offline() throws Exception {
        Path managed = owned(tmp.resolve("managed"));
        Path data = owned(tmp.resolve("data"));
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        try (InfraRepo repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    variables: {output_dir: /srv/managed}
                """)) {
            Files.writeString(etc.resolve("config.yaml"), """
                    data_dir: /var/lib/plumbline
                    repos:
                      - name: infra
                        url: file:///srv/git/infra.git
                    """);
            List<String> mounts = List.of("-v", tmp.resolve("git") + ":/srv/git:ro", "-v", etc + ":/etc/plumbline:ro",
                    "-v", managed + ":/srv/managed", "-v", data + ":/var/lib/plumbline",
                    "-e", "PLUMBLINE_TF_CLI_CONFIG=/opt/plumbline/tofurc.offline");

            Result reconcile = podman(run(concat(mounts, image, "reconcile", "-c", "/etc/plumbline/config.yaml",
                    "infra/hello", "--json")));
            assertThat(reconcile.exit()).as(reconcile.out()).isZero();
            assertThat(json(reconcile).at("/workspaces/0/apply_status").asText()).isEqualTo("succeeded");
            assertThat(managed.resolve("hello.txt")).exists();

            Files.writeString(managed.resolve("hello.txt"), "changed by hand\n");
            Result drift = podman(run(concat(mounts, image, "drift", "-c", "/etc/plumbline/config.yaml",
                    "infra/hello", "--json")));
            assertThat(drift.exit()).as(drift.out()).isEqualTo(2);
            JsonNode hello = json(drift).path("workspaces").path(0);
            assertThat(hello.path("classification").asText()).isEqualTo("drifted");
            assertThat(hello.path("drifted").toString()).isEqualTo("[\"local_file.greeting\"]");
        }
        assertThat(data.resolve("plumbline.mv.db")).as("the store, in the data volume").exists();
    }

    /** podman run with what this machine needs: see {@link #runtimeOptions()}. */
    private static List<String> run(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("run", "--rm", "--network=none"));
        argv.addAll(runtimeOptions());
        argv.addAll(args);
        return argv;
    }

    /**
     * runc where it is installed: crun, podman's default, refuses hosts that mount cgroup v1 and v2 side by side.
     * Limits below the usual hard limits: podman's defaults for root (a million open files and processes) exceed
     * what a runtime without CAP_SYS_RESOURCE may set.
     */
    private static List<String> runtimeOptions() {
        List<String> o = new ArrayList<>(List.of("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"));
        if (onPath("runc")) {
            o.addAll(0, List.of("--runtime", "runc"));
        }
        return o;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private static Path owned(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setAttribute(dir, "unix:uid", USER);
        Files.setAttribute(dir, "unix:gid", USER);
        return dir;
    }

    private static JsonNode json(Result r) throws IOException {
        String out = r.out();
        return JSON.readTree(out.substring(out.indexOf('{')));
    }

    record Result(int exit, String out) { }

    /** One podman command, its standard output and error together (the JSON commands print only JSON on stdout). */
    private static Result podman(List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("podman"));
        argv.addAll(args);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s finished", argv).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("(no output)");
    }
}

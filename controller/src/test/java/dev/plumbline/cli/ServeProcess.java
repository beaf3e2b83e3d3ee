package dev.plumbline.cli;

import static org.awaitility.Awaitility.await;

import dev.plumbline.store.Database;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real {@code plumbline serve} in a JVM of its own, on the test's class path, as systemd would run it: it can be
 * stopped with SIGTERM or killed with SIGKILL, the tools it started with it. Its output goes to a log file in its
 * data directory's parent, named by {@code name}, for reading when a test fails.
 */
final class ServeProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Process process;
    private final Path config;
    private final Path log;

    private ServeProcess(Process process, Path config, Path log) {
        this.process = process;
        this.config = config;
        this.log = log;
    }

    /** Starts {@code serve -c config} with {@code env} added to this JVM's environment. */
    static ServeProcess start(Path config, Map<String, String> env, String name) throws IOException {
        return start(config, env, name, List.of());
    }

    /** As {@link #start(Path, Map, String)}, the child JVM started with {@code jvmOptions} (heap, collector). */
    static ServeProcess start(Path config, Map<String, String> env, String name, List<String> jvmOptions)
            throws IOException {
        Path log = config.resolveSibling(name + ".log");
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "-c",
                config.toString()));
        ProcessBuilder b = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        return new ServeProcess(b.start(), config, log);
    }

    /** A port nothing listens on now, for the daemon's http: section. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until {@code GET /healthz} on {@code port} answers 200. */
    ServeProcess awaitHealthy(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("plumbline serve exited with " + process.exitValue() + ":\n" + output());
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return this;
    }

    /**
     * Reads the store the daemon writes, from this JVM (H2 serves the file to a second process): opened for one
     * question and closed again, so the daemon stays the file's server.
     */
    <T> T store(Function<Database, T> question) {
        Path data = dataDir();
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            return question.apply(db);
        }
    }

    private Path dataDir() {
        try {
            return Files.readAllLines(config).stream().filter(l -> l.startsWith("data_dir: ")).findFirst()
                    .map(l -> Path.of(l.substring("data_dir: ".length()).trim()))
                    .orElseThrow(() -> new IllegalStateException("reading " + config + ": it names no data_dir"));
        } catch (IOException e) {
            throw new IllegalStateException("reading " + config + ": " + e, e);
        }
    }

    /** SIGKILL, for the daemon and every tool it started, as when the machine loses its power supply. */
    void kill() throws InterruptedException {
        List<ProcessHandle> tools = process.descendants().toList();
        process.destroyForcibly();
        tools.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and waits for the daemon to stop as it does for systemd. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            List<ProcessHandle> tools = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            tools.forEach(ProcessHandle::destroyForcibly);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(the log " + log + " cannot be read: " + e + ")";
        }
    }
}

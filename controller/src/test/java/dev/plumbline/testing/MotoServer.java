package dev.plumbline.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.plumbline.aws.AwsClients;
import dev.plumbline.config.AwsConfig;
import dev.plumbline.runner.Toolchain;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An AWS emulator for a test class: the real moto server from the toolchain, on a free loopback port.
 *
 * <pre>{@code @RegisterExtension static final MotoServer moto = new MotoServer();}</pre>
 *
 * <p>Register it in a static field: it starts before the class's first test and is stopped (with any child
 * processes) after the last. A missing moto fails the class rather than skipping it: the test command installs the
 * toolchain (runner-image/install-toolchain.sh), so its absence is a broken build.
 *
 * <p>With {@code PLUMBLINE_AWS_EMULATOR=localstack} (system property or environment variable), Docker and a
 * {@code LOCALSTACK_AUTH_TOKEN}, the same tests run against LocalStack through Testcontainers instead
 * ({@link MotoLocalStack}). Otherwise nothing here touches Docker.
 *
 * <p>Nothing a test builds from this can leave the machine: the endpoint is loopback, the region and the static
 * credentials are explicit, and the SDK is told not to ask the instance metadata service for anything.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final String EMULATOR_PROPERTY = "PLUMBLINE_AWS_EMULATOR";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private Process process;
    private Thread reaper;
    private Path log;
    private MotoLocalStack localStack;
    private URI endpoint;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        System.setProperty("aws.disableEc2Metadata", "true");
        if ("localstack".equals(emulatorChoice())) {
            localStack = MotoLocalStack.start();
            endpoint = localStack.endpoint();
        } else {
            startMoto();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (localStack != null) {
            localStack.stop();
            localStack = null;
        }
        stopMoto();
        if (log != null) {
            Files.deleteIfExists(log);
            log = null;
        }
    }

    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("the AWS emulator is not running: register MotoServer in a static field");
        }
        return endpoint;
    }

    public String region() {
        return localStack != null ? localStack.region() : REGION;
    }

    public AwsCredentialsProvider credentials() {
        return localStack != null ? localStack.credentials()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** The daemon's aws section for the emulator, without an archive. */
    public AwsConfig config() {
        return new AwsConfig(region(), endpoint(), null);
    }

    /** Clients for the emulator, as the daemon would build them; close them after use. */
    public AwsClients clients() {
        return new AwsClients(config(), credentials());
    }

    static String emulatorChoice() {
        String v = System.getProperty(EMULATOR_PROPERTY, System.getenv(EMULATOR_PROPERTY));
        return v == null || v.isBlank() ? "moto" : v.strip().toLowerCase(Locale.ROOT);
    }

    private void startMoto() throws IOException, InterruptedException {
        Path moto = Toolchain.locate(System.getenv()).motoServer();
        if (!Files.isExecutable(moto)) {
            fail("moto_server is not installed at " + moto + " (PLUMBLINE_MOTO_SERVER or <tools>/toolchain.env); "
                    + "run runner-image/install-toolchain.sh");
        }
        log = Files.createTempFile("plumbline-moto-", ".log");
        String lastLog = "";
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            process = new ProcessBuilder(List.of(moto.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            reaper = reaperOf(process);
            Runtime.getRuntime().addShutdownHook(reaper);
            URI candidate = URI.create("http://127.0.0.1:" + port);
            if (awaitAnswer(candidate)) {
                endpoint = candidate;
                return;
            }
            lastLog = Files.readString(log);
            stopMoto();
            if (!lastLog.contains("Address already in use")) {
                break; // another port would not help
            }
        }
        fail("starting moto_server (" + moto + ") on 127.0.0.1: it did not answer within " + STARTUP.toSeconds()
                + "s; its output:\n" + tail(lastLog));
    }

    private boolean awaitAnswer(URI base) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(base.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Stops moto even when the test JVM is ended early (a surefire timeout, Ctrl-C), so no server outlives it. */
    private static Thread reaperOf(Process p) {
        return new Thread(() -> {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }, "moto-reaper");
    }

    private void stopMoto() throws InterruptedException {
        if (reaper != null) {
            Runtime.getRuntime().removeShutdownHook(reaper);
            reaper = null;
        }
        if (process != null) {
            Process p = process;
            process = null;
            endpoint = null;
            List<ProcessHandle> children = p.toHandle().descendants().toList();
            children.forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }
}

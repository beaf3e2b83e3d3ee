package dev.plumbline.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OPA binary, run like tofu: arguments as a list, never a shell; an environment of its own (nothing of the
 * daemon's); a timeout after which it is interrupted and then killed; its error output redacted. The document to
 * evaluate goes to its standard input, so a plan's unmasked JSON never touches the disk, and the policies are given
 * no built-in that reaches the network or the environment ({@link #WITHHELD}).
 */
public final class Opa {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(2);
    /**
     * Built-ins a policy is not given: it reads the unmasked plan, so it must not be able to send it anywhere
     * ({@code http.send}), look names up ({@code net.lookup_ip_addr}) or read OPA's environment ({@code opa.runtime}).
     */
    static final Set<String> WITHHELD = Set.of("http.send", "net.lookup_ip_addr", "opa.runtime");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The capabilities of each OPA binary without {@link #WITHHELD}, asked once per binary. */
    private static final Map<Path, String> CAPABILITIES = new ConcurrentHashMap<>();

    private final Path binary;
    private final Map<String, String> env;

    public Opa(Path binary, Path home) {
        if (!Files.isExecutable(binary)) {
            throw new RunnerException("opa binary " + binary + " is missing or not executable"
                    + " (run runner-image/install-toolchain.sh, or set PLUMBLINE_OPA)");
        }
        this.binary = binary;
        // No TMPDIR, no proxy, no credentials: only what OPA needs to start.
        this.env = Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "GOGC", "off", "GOMEMLIMIT", "512MiB");
    }

    public Path binary() {
        return binary;
    }

    /**
     * {@code opa eval -f json --stdin-input <data...> data}: evaluates every package of the given files and
     * directories against {@code input}, within {@code timeout}. {@code v0} reads the policies as Rego before v1.0
     * ({@code deny[msg] { ... }}). Standard output is kept whole; error output is redacted by {@code redactor}.
     */
    public CommandResult eval(List<Path> data, byte[] input, boolean v0, Duration timeout, Redactor redactor,
            OutputSink errors, Cancellation cancel) {
        Path home = Path.of(env.get("HOME"));
        Path capabilities = home.resolve("capabilities.json");
        try {
            Files.writeString(capabilities, capabilities());
        } catch (IOException e) {
            throw new RunnerException("writing OPA's capabilities to " + capabilities + ": " + e.getMessage(), e);
        }
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "eval", "--format=json", "--stdin-input",
                "--timeout=" + timeout.toMillis() + "ms", "--capabilities=" + capabilities));
        if (v0) {
            argv.add("--v0-compatible");
        }
        for (Path p : data) {
            argv.add("--data=" + p);
        }
        argv.add("data");
        // a little longer than OPA's own timeout, so that OPA says which rule it was at when it is the slow one
        Duration hardLimit = timeout.plus(Duration.ofSeconds(5));
        return new ProcessRun(argv, home, env, redactor, new ProcessRun.Limits(hardLimit, GRACE),
                new ProcessRun.Io(true, input)).run(errors, cancel);
    }

    /** {@code opa capabilities --current} without the withheld built-ins. */
    private String capabilities() {
        return CAPABILITIES.computeIfAbsent(binary, b -> {
            CommandResult r = new ProcessRun(List.of(b.toString(), "capabilities", "--current"),
                    Path.of(env.get("HOME")), env, Redactor.none(), new ProcessRun.Limits(Duration.ofSeconds(30),
                    GRACE), ProcessRun.Io.CAPTURED).run(OutputSink.DISCARD, Cancellation.none());
            if (!r.succeeded()) {
                throw new RunnerException("asking " + b + " for its capabilities: " + r.describeFailure());
            }
            try {
                ObjectNode all = (ObjectNode) JSON.readTree(r.stdout());
                ArrayNode kept = JSON.createArrayNode();
                all.withArray("builtins").forEach(f -> {
                    if (!WITHHELD.contains(f.path("name").asText())) {
                        kept.add(f);
                    }
                });
                all.set("builtins", kept);
                return JSON.writeValueAsString(all);
            } catch (IOException | ClassCastException e) {
                throw new RunnerException("reading the capabilities of " + b + ": " + e.getMessage(), e);
            }
        });
    }

    /** {@code opa test <dirs>}: runs the policies' own tests ({@code test_} rules). */
    public CommandResult test(List<Path> dirs, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "test", "--format=pretty"));
        dirs.forEach(d -> argv.add(d.toString()));
        return new ProcessRun(argv, Path.of(env.get("HOME")), env, Redactor.none(),
                new ProcessRun.Limits(timeout, GRACE), ProcessRun.Io.CAPTURED).run(OutputSink.DISCARD,
                Cancellation.none());
    }

    /** The version OPA reports ({@code Version: 1.22.3}). */
    public String version() {
        CommandResult r = new ProcessRun(List.of(binary.toString(), "version"), Path.of(env.get("HOME")), env,
                Redactor.none(), new ProcessRun.Limits(Duration.ofSeconds(30), GRACE), ProcessRun.Io.CAPTURED)
                .run(OutputSink.DISCARD, Cancellation.none());
        if (!r.succeeded()) {
            throw new RunnerException("asking " + binary + " for its version: " + r.describeFailure());
        }
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("Version:")) {
                return line.substring("Version:".length()).trim();
            }
        }
        throw new RunnerException("asking " + binary + " for its version: no Version line in its answer: "
                + r.stdout().strip());
    }
}

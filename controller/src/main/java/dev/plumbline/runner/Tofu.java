package dev.plumbline.runner;

import dev.plumbline.domain.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The binary of one tool and the environment one run gives it; makes the commands Plumbline runs. Plans are always
 * saved to a file, so that what is applied is exactly what was planned and reviewed.
 */
public final class Tofu {
    public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PLAN_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_APPLY_TIMEOUT = Duration.ofMinutes(60);
    public static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofSeconds(30);

    private final Tool tool;
    private final Path binary;
    private final ChildEnvironment environment;
    private Duration interruptGrace = DEFAULT_INTERRUPT_GRACE;

    public Tofu(Tool tool, Path binary, ChildEnvironment environment) {
        if (!Files.isExecutable(binary)) {
            throw new RunnerException(tool.command() + " binary " + binary + " is missing or not executable"
                    + " (run runner-image/install-toolchain.sh, or set its path in the daemon config)");
        }
        this.tool = tool;
        this.binary = binary;
        this.environment = environment;
    }

    /** How long an interrupted tool may take to release its lock and exit before it is killed. */
    public Tofu interruptGrace(Duration value) {
        this.interruptGrace = value;
        return this;
    }


    public TofuCommand init(Path dir) {
        return new TofuCommand(this, dir, DEFAULT_INIT_TIMEOUT, "init", "-input=false", "-no-color");
    }

    /** plan -out -detailed-exitcode: exit code 0 means no changes, 2 means changes, anything else an error. */
    public TofuCommand plan(Path dir, Path planFile) {
        return new TofuCommand(this, dir, DEFAULT_PLAN_TIMEOUT,
                "plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=" + planFile);
    }

    /** A plan that only records what changed in the real world, proposing no change. */
    public TofuCommand refreshOnlyPlan(Path dir, Path planFile) {
        return plan(dir, planFile).arg("-refresh-only");
    }

    /** fmt -check: exit code 3 and the list of badly formatted files when formatting differs; nothing is written. */
    public TofuCommand fmtCheck(Path dir) {
        return new TofuCommand(this, dir, Duration.ofMinutes(2), "fmt", "-check", "-list=true", "-recursive",
                "-no-color").captureStdout();
    }

    /** validate -json: the configuration's own errors, without touching state (needs init). */
    public TofuCommand validateJson(Path dir) {
        return new TofuCommand(this, dir, Duration.ofMinutes(5), "validate", "-json", "-no-color").captureStdout();
    }

    public TofuCommand showJson(Path dir, Path planFile) {
        return new TofuCommand(this, dir, Duration.ofMinutes(5), "show", "-json", "-no-color", planFile.toString())
                .captureStdout();
    }

    /** show -json without a plan file: the current state, as the backend holds it. */
    public TofuCommand showStateJson(Path dir) {
        return new TofuCommand(this, dir, Duration.ofMinutes(5), "show", "-json", "-no-color").captureStdout();
    }

    public TofuCommand apply(Path dir, Path planFile) {
        return new TofuCommand(this, dir, DEFAULT_APPLY_TIMEOUT,
                "apply", "-input=false", "-no-color", "-auto-approve", planFile.toString());
    }

    public TofuCommand version(Path dir) {
        return new TofuCommand(this, dir, Duration.ofSeconds(30), "version", "-json").captureStdout();
    }

    public Tool tool() {
        return tool;
    }

    public Path binary() {
        return binary;
    }

    /** The environment the next command gets; a run replaces short-lived credentials in it between commands. */
    public ChildEnvironment environment() {
        return environment;
    }

    /** Built on each use, so secrets added to the environment after construction are redacted too. */
    public Redactor redactor() {
        return Redactor.of(environment.secretValues());
    }

    Duration interruptGrace() {
        return interruptGrace;
    }
}

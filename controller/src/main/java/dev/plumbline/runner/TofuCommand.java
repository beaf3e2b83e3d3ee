package dev.plumbline.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One invocation of tofu or terraform, built fluently and run with {@link #call}. Arguments are passed to the
 * process as a list, never through a shell, so no configuration value can inject a command.
 */
public final class TofuCommand {
    private final Tofu tofu;
    private final Path workDir;
    private final List<String> args = new ArrayList<>();
    private Duration timeout;
    private boolean captureStdout;

    TofuCommand(Tofu tofu, Path workDir, Duration timeout, String... args) {
        this.tofu = tofu;
        this.workDir = workDir;
        this.timeout = timeout;
        this.args.addAll(List.of(args));
    }

    public TofuCommand timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    /** {@code -lock-timeout}: how long to wait for a state lock held by someone else before failing. */
    public TofuCommand lockTimeout(Duration value) {
        return arg("-lock-timeout=" + value.toSeconds() + "s");
    }

    /** Adds one literal argument (a flag or a path); it reaches the tool verbatim. */
    public TofuCommand arg(String value) {
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid argument for " + args.get(0) + ": " + value);
        }
        // Options must stay ahead of positional arguments (the plan file of show and apply).
        int at = args.size();
        while (at > 1 && !args.get(at - 1).startsWith("-")) {
            at--;
        }
        args.add(at, value);
        return this;
    }

    public TofuCommand varFile(Path file) {
        return arg("-var-file=" + file);
    }

    TofuCommand captureStdout() {
        this.captureStdout = true;
        return this;
    }

    public List<String> args() {
        return List.copyOf(args);
    }

    public Path workDir() {
        return workDir;
    }

    public CommandResult call(OutputSink sink, Cancellation cancellation) {
        if (!Files.isDirectory(workDir)) {
            throw new RunnerException("running " + tofu.tool().command() + " " + args.get(0) + ": work directory "
                    + workDir + " does not exist");
        }
        List<String> argv = new ArrayList<>();
        argv.add(tofu.binary().toString());
        argv.addAll(args);
        Map<String, String> env = tofu.environment().asMap();
        ProcessRun run = new ProcessRun(argv, workDir, env, tofu.redactor(),
                new ProcessRun.Limits(timeout, tofu.interruptGrace()),
                captureStdout ? ProcessRun.Io.CAPTURED : ProcessRun.Io.STREAMED);
        return run.run(sink, cancellation);
    }
}

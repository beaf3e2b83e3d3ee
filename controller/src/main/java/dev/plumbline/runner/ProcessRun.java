package dev.plumbline.runner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.Executor;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child process with Commons Exec: output pumped line by line through the redactor to the sink, a
 * timeout, and cancellation. Stopping is two-staged, because killing tofu outright would leave the state locked:
 * SIGINT first (tofu then finishes the current provider call, writes state and releases the lock), and only after
 * the grace period SIGKILL for the process and its provider plugins. A {@link GroupGuard} sends that SIGINT, and
 * sends it too should this process be killed first, so a tool never outlives the process that runs it.
 */
final class ProcessRun {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRun.class);
    private static final int TAIL_LINES = 20;

    private final List<String> argv;
    private final Path workDir;
    private final Map<String, String> env;
    private final Redactor redactor;
    private final Limits limits;
    private final boolean captureStdout;
    private final byte[] stdin;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Process> started = new CompletableFuture<>();
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
            : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;
    private volatile boolean processGroup;
    private volatile GroupGuard guard = GroupGuard.NONE;

    /** How long the tool may run, and how long it has after SIGINT before SIGKILL. */
    record Limits(Duration timeout, Duration grace) { }

    /**
     * What the tool reads and what is kept of what it writes: {@code captureStdout} keeps standard output whole
     * instead of streaming it; {@code stdin}, when not null, is written to its standard input (and then closed),
     * so input that must not touch the disk never does.
     */
    record Io(boolean captureStdout, byte[] stdin) {
        static final Io STREAMED = new Io(false, null);
        static final Io CAPTURED = new Io(true, null);
    }

    ProcessRun(List<String> argv, Path workDir, Map<String, String> env, Redactor redactor, Limits limits, Io io) {
        this.argv = argv;
        this.workDir = workDir;
        this.env = env;
        this.redactor = redactor;
        this.limits = limits;
        this.captureStdout = io.captureStdout();
        this.stdin = io.stdin();
    }

    CommandResult run(OutputSink sink, Cancellation cancellation) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStream out = captureStdout ? captured : new Lines(OutputLine.Stream.STDOUT, sink);
        OutputStream err = new Lines(OutputLine.Stream.STDERR, sink);
        DefaultExecuteResultHandler done = new DefaultExecuteResultHandler();
        long startNanos = System.nanoTime();
        CommandResult.Ending ending;
        try {
            ending = execute(out, err, done, cancellation);
        } finally {
            close(out);
            close(err);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        int exit = done.hasResult() ? done.getExitValue() : -1;
        if (done.hasResult() && done.getException() != null && exit == Executor.INVALID_EXITVALUE) {
            throw new RunnerException("running " + describe() + ": " + done.getException().getMessage(),
                    done.getException());
        }
        List<String> shown = new ArrayList<>(argv);
        shown.set(0, Path.of(argv.get(0)).getFileName().toString());
        String stdout = captureStdout ? captured.toString(StandardCharsets.UTF_8) : "";
        synchronized (tail) {
            return new CommandResult(List.copyOf(shown), exit, ending, elapsed, stdout, List.copyOf(tail));
        }
    }

    /** Starts the tool, waits for it within the timeout, and stops it on cancellation; says how it ended. */
    private CommandResult.Ending execute(OutputStream out, OutputStream err, DefaultExecuteResultHandler done,
            Cancellation cancellation) {
        DefaultExecutor executor = DefaultExecutor.builder()
                .setWorkingDirectory(workDir)
                .setExecuteStreamHandler(stdin == null ? new PumpStreamHandler(out, err)
                        : new PumpStreamHandler(out, err, new ByteArrayInputStream(stdin)))
                .get();
        executor.setExitValues(null);
        executor.setProcessDestroyer(new StartedProcess());
        CommandResult.Ending ending = CommandResult.Ending.EXITED;
        Runnable unregister = () -> { };
        try {
            executor.execute(commandLine(), env, done);
            unregister = cancellation.onCancel(() -> stopInBackground("cancelled: " + cancellation.reason()));
            done.waitFor(limits.timeout());
            if (!done.hasResult()) {
                ending = CommandResult.Ending.TIMED_OUT;
                stop("timed out after " + limits.timeout().toSeconds() + "s");
                done.waitFor();
            } else if (cancellation.isCancelled()) {
                ending = CommandResult.Ending.CANCELLED;
            }
        } catch (IOException e) {
            throw new RunnerException("starting " + describe() + " in " + workDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop("the controller thread was interrupted");
            ending = CommandResult.Ending.CANCELLED;
        } finally {
            unregister.run();
            if (done.hasResult()) {
                guard.disarm();
            }
        }
        return cancellation.isCancelled() && ending == CommandResult.Ending.EXITED ? CommandResult.Ending.CANCELLED
                : ending;
    }

    /**
     * The tool runs as the leader of its own process group (setsid execs it in place, same pid), so an interrupt
     * reaches what it started too, as Ctrl-C in a terminal would: a local-exec provisioner's commands stop with it
     * instead of running on after tofu has exited.
     */
    private CommandLine commandLine() {
        boolean group = SETSID != null;
        CommandLine line = new CommandLine(group ? SETSID : argv.get(0));
        (group ? argv : argv.subList(1, argv.size())).forEach(a -> line.addArgument(a, false));
        this.processGroup = group;
        return line;
    }

    private void stopInBackground(String why) {
        Thread t = new Thread(() -> stop(why), "stop-" + Path.of(argv.get(0)).getFileName());
        t.setDaemon(true);
        t.start();
    }

    /** SIGINT, wait for the grace period, then SIGKILL the process and whatever it started. */
    private void stop(String why) {
        Process process;
        try {
            process = started.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("stopping {}: interrupted while waiting for it to start", describe());
            return;
        } catch (ExecutionException | TimeoutException e) {
            // It never started (or not in 10 s): there is nothing to stop, which is worth saying.
            LOG.info("stopping {}: it did not start ({})", describe(), e.getCause() == null ? e : e.getCause().getMessage());
            return;
        }
        if (!process.isAlive()) {
            return;
        }
        LOG.info("stopping {} (pid {}): {}", describe(), process.pid(), why);
        if (!guard.interrupt()) {
            signal("-INT", process.pid(), processGroup);
        }
        try {
            if (process.waitFor(limits.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("{} (pid {}) did not exit {}s after SIGINT; killing it", describe(), process.pid(),
                limits.grace().toSeconds());
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        signal("-KILL", process.pid(), processGroup);
        process.destroyForcibly();
    }

    private static void signal(String signal, long pid, boolean wholeGroup) {
        // The JDK can only send SIGTERM and SIGKILL to one process; kill(1) is called with a fixed argument list,
        // no shell. A negative pid addresses the process group the tool leads.
        String kill = GroupGuard.KILL == null ? "/bin/kill" : GroupGuard.KILL;
        String target = wholeGroup ? "-" + pid : Long.toString(pid);
        try {
            new ProcessBuilder(kill, signal, "--", target).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("sending SIG{} to {}: {}", signal.substring(1), target, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describe() {
        return Path.of(argv.get(0)).getFileName() + (argv.size() > 1 ? " " + argv.get(1) : "");
    }

    private static void close(OutputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // in-memory streams; nothing to release
        }
    }

    /** Splits a stream into lines, redacts them, keeps a tail and hands them on. */
    private final class Lines extends LogOutputStream {
        private final OutputLine.Stream stream;
        private final OutputSink sink;

        Lines(OutputLine.Stream stream, OutputSink sink) {
            super(0, StandardCharsets.UTF_8);
            this.stream = stream;
            this.sink = sink;
        }

        @Override
        protected void processLine(String text, int level) {
            String clean = redactor.redact(text);
            synchronized (tail) {
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(clean);
            }
            sink.accept(new OutputLine(stream, clean));
        }
    }

    /** Commons Exec hands the started process to its destroyer; that is where we learn the pid. */
    private final class StartedProcess implements ProcessDestroyer {
        @Override
        public boolean add(Process process) {
            guard = GroupGuard.watch(processGroup ? "-" + process.pid() : Long.toString(process.pid()));
            started.complete(process);
            return true;
        }

        @Override
        public boolean remove(Process process) {
            return true;
        }

        @Override
        public int size() {
            return started.isDone() ? 1 : 0;
        }
    }
}

package dev.plumbline.runner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a tool does not outlive the process that runs it. Beside each tool runs a guard, {@code xargs kill
 * -INT -- -<group>} in a session of its own, reading its standard input from this process. If this process dies,
 * however it dies (SIGKILL included), the kernel closes that input; at its end xargs runs kill(1) once, and the
 * tool's whole process group gets SIGINT, exactly what {@link ProcessRun} sends when it stops a tool: tofu
 * finishes its provider call, writes state, releases the lock and exits, and what a provisioner started stops
 * with it. The same end of input is how this process itself interrupts the tool, so the tool never gets a second
 * SIGINT (tofu exits at once on a second one, leaving its state locked). When the tool ends, the guard is killed
 * before its input closes, and does nothing.
 *
 * <p>A parent-death signal ({@code setpriv --pdeathsig}) would reach only tofu: the children of a provisioner's
 * shell would go on running. Without xargs or kill(1) on the machine, tools run unguarded, and the first of them
 * says so in the log.
 */
final class GroupGuard {
    private static final Logger LOG = LoggerFactory.getLogger(GroupGuard.class);
    private static final String XARGS = executable("/usr/bin/xargs", "/bin/xargs");
    static final String KILL = executable("/bin/kill", "/usr/bin/kill");
    private static final String SETSID = executable("/usr/bin/setsid", "/bin/setsid");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** None: tools are stopped by this process only, and outlive it if it is killed. */
    static final GroupGuard NONE = new GroupGuard(null, null);

    private final Process guard;
    private final OutputStream input;
    private boolean done;

    private GroupGuard(Process guard, OutputStream input) {
        this.guard = guard;
        this.input = input;
    }

    /** Whether tools can be guarded on this machine. */
    static boolean available() {
        return XARGS != null && KILL != null;
    }

    /** Guards {@code target}, a pid, or a process group as {@code -<pgid>}; {@link #NONE} when it cannot. */
    static GroupGuard watch(String target) {
        if (!available()) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("tools are not stopped if plumbline is killed: xargs and kill are needed to guard them ({}"
                        + " and {} not found)", XARGS == null ? "xargs" : XARGS, KILL == null ? "kill" : KILL);
            }
            return NONE;
        }
        // a fixed argument list, no shell; the session of its own keeps a terminal's Ctrl-C off the guard
        ProcessBuilder pb = SETSID == null ? new ProcessBuilder(XARGS, "-r", KILL, "-INT", "--")
                : new ProcessBuilder(SETSID, XARGS, "-r", KILL, "-INT", "--");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            OutputStream in = p.getOutputStream();
            in.write((target + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            return new GroupGuard(p, in);
        } catch (IOException e) {
            LOG.warn("guarding {}: starting {}: {}; it is not stopped if plumbline is killed", target, XARGS,
                    e.getMessage());
            return NONE;
        }
    }

    /**
     * Sends the tool SIGINT through the guard (its input ends); false when there is no guard to do it, and the
     * caller signals the tool itself.
     */
    synchronized boolean interrupt() {
        if (guard == null || done || !guard.isAlive()) {
            return false;
        }
        done = true;
        try {
            input.close();
            guard.waitFor(5, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The tool ended: the guard is killed before its input closes, so it sends nothing. */
    synchronized void disarm() {
        if (guard == null || done) {
            return;
        }
        done = true;
        guard.destroyForcibly();
        try {
            guard.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (guard.isAlive()) {
            return; // its input stays open, so it sends nothing while this process lives
        }
        try {
            input.close();
        } catch (IOException ignored) {
            // the guard is gone; its pipe with it
        }
    }

    private static String executable(String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }
}

package dev.plumbline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the tools a test starts can be interrupted at all. A process started with SIGINT ignored (as {@code nohup
 * ... &} in a script starts it) passes that on to every child, and a shell or {@code sleep} cannot undo it, so a
 * test of interrupting them would fail for a reason that is not the code's. Such tests call {@link #require()}
 * first, and fail saying so.
 */
public final class Interruptible {
    private static final long SIGINT_BIT = 1L << (2 - 1);

    private Interruptible() { }

    public static void require() {
        if (sigintIgnored().orElse(false)) {
            throw new AssertionError("this test JVM was started with SIGINT ignored (the test command run with"
                    + " `nohup ... &` or in the background of a script without job control), so the tools it starts"
                    + " cannot be interrupted: run the test command in the foreground or from a shell with job control");
        }
    }

    /** From {@code /proc/self/status} (empty where there is none). */
    static Optional<Boolean> sigintIgnored() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
                    .map(l -> (Long.parseUnsignedLong(l.substring("SigIgn:".length()).trim(), 16) & SIGINT_BIT) != 0);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}

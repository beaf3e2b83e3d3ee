package dev.plumbline.reconcile;

import dev.plumbline.store.Database;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run directories ({@code <data>/runs/<run-id>/}) that a killed process left behind, with the copied tree and an
 * unencrypted plan file. A directory is a leftover unless its run is still pending or running in the store, or
 * the process that made it is still alive: a daemon that starts marks every running run interrupted, a CLI run
 * beside it included, so the store alone cannot tell. Each directory names its maker in a file {@code owner}
 * (pid and start time, so a reused pid does not pass for it).
 */
public final class RunLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(RunLeftovers.class);
    static final String OWNER = "owner";

    private RunLeftovers() {
    }

    /** Records the current process as the maker of a run directory. */
    static void claim(Path runRoot) {
        ProcessHandle self = ProcessHandle.current();
        String start = self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-");
        try {
            Files.writeString(runRoot.resolve(OWNER), self.pid() + " " + start + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + runRoot.resolve(OWNER) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the leftovers under {@code dataDir}; returns how many. A directory that cannot go is logged. */
    public static int remove(Path dataDir, Database db) {
        Path runs = dataDir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || !name.matches("[0-9]{1,18}") || inUse(Long.parseLong(name), dir, db)) {
                    continue;
                }
                try {
                    Dirs.deleteRecursively(dir);
                    removed++;
                } catch (UncheckedIOException e) {
                    LOG.warn("removing the leftover run directory {}: {}", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("listing {} for leftover run directories: {}", runs, e.getMessage());
        }
        if (removed > 0) {
            LOG.info("removed {} run director{} left behind by a stopped run", removed, removed == 1 ? "y" : "ies");
        }
        return removed;
    }

    private static boolean inUse(long runId, Path dir, Database db) {
        boolean unfinished = db.runs().find(runId).map(r -> !r.status().isFinal()).orElse(false);
        return unfinished || ownerAlive(dir);
    }

    private static boolean ownerAlive(Path dir) {
        String[] owner;
        try {
            owner = Files.readString(dir.resolve(OWNER)).strip().split(" ");
        } catch (IOException e) {
            return false; // no owner recorded: made before owners were, or killed before it was written
        }
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0])).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return false;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return owner.length < 2 || started.isEmpty() || owner[1].equals(Long.toString(started.get().toEpochMilli()));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

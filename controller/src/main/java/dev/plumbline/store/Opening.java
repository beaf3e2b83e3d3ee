package dev.plumbline.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Opening one H2 file from several processes at the same moment (cron jobs start together, a CLI command runs
 * while the daemon starts). H2 refuses an open while another process is in the middle of its own ("Lock file
 * recently modified", "Another process was faster"), and two processes migrating a new file at once would both
 * create its tables. So opening waits, boundedly and with jitter: the key file and the migration are done under an
 * OS lock on {@code <db>.opening.lock}, and a connection refused for a busy lock file is tried again.
 */
final class Opening {
    /** How long a process waits for another to finish opening, before it gives up saying so. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final int ERROR_OPENING_DATABASE = 8000;
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final int CONNECTION_BROKEN = 90067;

    private Opening() {
    }

    @FunctionalInterface
    interface Connect<T> {
        T connect() throws SQLException;
    }

    /**
     * {@code connect}, tried again while the database is busy being opened or handed over by another process.
     * The last refusal is thrown once {@link #PATIENCE} is spent.
     */
    static <T> T retrying(Connect<T> connect) throws SQLException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return connect.connect();
            } catch (SQLException e) {
                if (!busy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** Whether the refusal is another process opening, holding or handing over the file: worth waiting for. */
    static boolean busy(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String m = String.valueOf(s.getMessage());
                if (s.getErrorCode() == DATABASE_ALREADY_OPEN || s.getErrorCode() == CONNECTION_BROKEN
                        || (s.getErrorCode() == ERROR_OPENING_DATABASE && (m.contains("Lock file recently modified")
                        || m.contains("Another process was faster") || m.contains("Concurrent update")
                        || m.contains("Locked by another process")))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code work} holding the OS lock on {@code lockFile} (created owner-only when missing), waiting up to
     * {@link #PATIENCE} for another process (or another thread of this one) to release it.
     */
    static <T> T exclusively(Path lockFile, String doing, Supplier<T> work) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int attempt = 0; ; attempt++) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    try (lock) {
                        return work.get();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException(doing + ": another process has been opening the database for over "
                            + PATIENCE.toSeconds() + " s (" + lockFile + " is locked)");
                }
                pause(attempt);
            }
        } catch (IOException e) {
            throw new StoreException(doing + ": locking " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@link Database#openAlone}: the existing file {@code h2File} at {@code url}, opened under the opening lock
     * like any other open. One connection is made plainly first, so that a file another process holds is refused
     * at once instead of after {@link #PATIENCE}; the store's pool then joins the database it keeps open.
     */
    static Database alone(Path h2File, String url, String user, Path planKeyFile) {
        String doing = "opening database " + h2File + " alone";
        if (!Files.isRegularFile(h2File)) {
            throw new StoreException(doing + ": there is no such file");
        }
        if (!Files.isRegularFile(planKeyFile)) {
            throw new StoreException(doing + ": there is no plan key " + planKeyFile + ", without which its plans "
                    + "cannot be read");
        }
        String base = h2File.toString().substring(0, h2File.toString().length() - ".mv.db".length());
        return exclusively(Path.of(base + ".opening.lock"), doing, () -> {
            try (Connection first = DriverManager.getConnection(url, user, "")) {
                return Database.openUrl(url, user, "", 2, planKeyFile);
            } catch (SQLException e) {
                // H2's own words for a held file advise its server mode, which is what must not happen here
                throw new StoreException(doing + ": " + (busy(e) ? "another process has it open (a running daemon, "
                        + "or a command): stop it, then try again" : firstLine(e)), e);
            }
        });
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int end = m.indexOf('\n');
        return end < 0 ? m : m.substring(0, end);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // another thread of this process holds it: wait like any other opener
        }
    }

    /** 50 ms doubling to 800 ms, each with up to as much again at random, so processes that collided spread out. */
    private static void pause(int attempt) {
        long base = 50L << Math.min(attempt, 4);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("opening the database: interrupted while waiting for another process");
        }
    }
}

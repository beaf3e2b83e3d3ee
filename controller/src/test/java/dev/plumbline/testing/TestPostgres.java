package dev.plumbline.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL server for tests: the machine's own server binaries (runner-image/install-toolchain.sh installs
 * them), initialised into a temporary folder and listening on a free port of 127.0.0.1 only, with no Unix socket.
 * It starts once per JVM, on first use, in well under a second; each caller takes a fresh database of its own with
 * {@link #newDatabase}. It stops when the JVM exits, and with the JVM even when that is killed (the server gets the
 * parent-death signal), and its folder is deleted.
 *
 * <p>PostgreSQL refuses to run as root, so as root the server runs as the system user {@value PostgresFolder#USER}
 * (created by install-toolchain.sh); otherwise as the current user. A server that cannot start fails the test with
 * the reason and the end of the server's log.
 */
public final class TestPostgres {
    /** The superuser of the test server. */
    public static final String USER = "plumbline";

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;
    private static TestPostgres running;

    private final PostgresFolder folder;
    private final String password;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    /** A database of the test server, for one test or one test class; the password is the superuser's. */
    public record Db(String name, String url, String user, String password) {
        @Override
        public String toString() {
            return url + " (user " + user + ")";
        }
    }

    private TestPostgres(PostgresFolder folder, String password, int port) {
        this.folder = folder;
        this.password = password;
        this.port = port;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized TestPostgres get() {
        if (running == null) {
            running = start();
        }
        return running;
    }

    /** A new, empty database, named after {@code hint} (letters and digits are kept) and a counter. */
    public Db newDatabase(String hint) {
        String name = "t" + databases.incrementAndGet() + "_"
                + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        name = name.length() > 60 ? name.substring(0, 60) : name;
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("creating test database " + name + " on " + url("postgres") + ": "
                    + e.getMessage(), e);
        }
        return new Db(name, url(name), USER, password);
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static TestPostgres start() {
        PostgresFolder folder = PostgresFolder.create();
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        try {
            folder.initdb(USER, password);
            List<String> failures = new ArrayList<>();
            for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
                int port = freePort();
                TestPostgres server = new TestPostgres(folder, password, port);
                String failure = server.serve();
                if (failure == null) {
                    Runtime.getRuntime().addShutdownHook(new Thread(folder::stopAndDelete, "test-postgres-stop"));
                    return server;
                }
                failures.add("port " + port + ": " + failure);
            }
            throw new IllegalStateException("starting the test PostgreSQL (" + folder.bin() + "): "
                    + String.join("; ", failures) + "\n" + folder.logTail());
        } catch (RuntimeException e) {
            folder.stopAndDelete();
            throw e;
        }
    }

    /**
     * Starts the server on this port and waits until it takes connections; the reason it did not, or null. The
     * server is started from a thread that lives as long as the server does: the parent-death signal goes to the
     * server when the thread that started it ends, and this one only ends with the server or the JVM.
     */
    private String serve() {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread keeper = new Thread(() -> {
            try {
                Process p = folder.startServer(port);
                started.complete(p);
                p.waitFor();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-postgres");
        keeper.setDaemon(true);
        keeper.start();
        Process process;
        try {
            process = started.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "running " + folder.bin().resolve("postgres") + ": " + e.getCause().getMessage();
        } catch (Exception e) {
            return "starting the server process: " + e;
        }
        return awaitConnections(process);
    }

    private String awaitConnections(Process process) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "the server exited with " + process.exitValue();
            }
            try (Connection c = DriverManager.getConnection(url("postgres"), USER, password)) {
                return null;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return "interrupted while waiting for the server";
            }
        }
        process.destroyForcibly();
        return "no connection within " + STARTUP.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("finding a free loopback port for the test PostgreSQL: " + e, e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

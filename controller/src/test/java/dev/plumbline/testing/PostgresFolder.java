package dev.plumbline.testing;

import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The folder and processes of {@link TestPostgres}: the server binaries, the user they run as, the data directory
 * and its logs. Every command is a fixed argument list run through {@code setpriv}, never a shell: as root it
 * switches to {@value #USER}, and it always sets the parent-death signal, so a server outlives no JVM.
 * Each folder holds a lock while its JVM lives; a folder whose lock is free was left by a JVM that died, and the
 * next start deletes it.
 */
final class PostgresFolder {
    /** The system user the server runs as when the tests run as root; install-toolchain.sh creates it. */
    static final String USER = "plumbline-pg";
    /** The directory of initdb and postgres, when they are not in a standard place. */
    static final String BIN_VARIABLE = "PLUMBLINE_POSTGRES_BIN";

    private static final String LOCK = "owner.lock";
    private static final String SETPRIV = "/usr/bin/setpriv";

    private final Path bin;
    private final Path dir;
    private final boolean asRoot;
    private final FileChannel lockChannel;
    private Process server;

    private PostgresFolder(Path bin, Path dir, boolean asRoot, FileChannel lockChannel) {
        this.bin = bin;
        this.dir = dir;
        this.asRoot = asRoot;
        this.lockChannel = lockChannel;
    }

    static PostgresFolder create() {
        Path bin = binaries();
        if (!Files.isExecutable(Path.of(SETPRIV))) {
            throw new IllegalStateException("starting the test PostgreSQL: " + SETPRIV + " (util-linux) is missing; "
                    + "it starts the server with a parent-death signal, and as another user when the tests run as root");
        }
        boolean asRoot = isRoot();
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "plumbline-test-postgres");
            Files.createDirectories(base);
            // the server's user must be able to reach its folder inside
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            deleteLeftovers(base);
            Path dir = Files.createTempDirectory(base, "pg-");
            FileChannel lock = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock.lock();
            if (asRoot) {
                giveTo(dir, serverUser());
            }
            return new PostgresFolder(bin, dir, asRoot, lock);
        } catch (IOException e) {
            throw new IllegalStateException("preparing a folder for the test PostgreSQL: " + e, e);
        }
    }

    Path bin() {
        return bin;
    }

    /** A new cluster in {@code <dir>/data}, with password authentication only, for TCP on loopback. */
    void initdb(String superuser, String password) {
        Path pwfile = dir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            if (asRoot) {
                giveTo(pwfile, serverUser());
            }
            Process p = command(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", superuser,
                    "--pwfile=" + pwfile, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("initdb.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("initialising the test PostgreSQL in " + data()
                        + ": initdb took over 60 s\n" + tail(dir.resolve("initdb.log")));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("initialising the test PostgreSQL in " + data() + ": initdb exited "
                        + p.exitValue() + "\n" + tail(dir.resolve("initdb.log")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("initialising the test PostgreSQL in " + data() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("initialising the test PostgreSQL: interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException e) {
                // the folder is private and deleted at exit
            }
        }
    }

    /**
     * The server on 127.0.0.1:{@code port}, with no Unix socket. Durability is off (fsync, synchronous commit,
     * full-page writes): the data is thrown away at exit, and the tests run faster.
     */
    Process startServer(int port) throws IOException {
        Process p = command(List.of(bin.resolve("postgres").toString(), "-D", data().toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start();
        synchronized (this) {
            server = p;
        }
        return p;
    }

    /** The last lines the server wrote, for a failure message. */
    String logTail() {
        return "end of " + dir.resolve("postgres.log") + ":\n" + tail(dir.resolve("postgres.log"));
    }

    /** An immediate shutdown (the data is not kept), then the folder goes. */
    synchronized void stopAndDelete() {
        try {
            if (server != null && server.isAlive()) {
                Process stop = command(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data().toString(),
                        "-m", "immediate", "-s", "-w", "-t", "20")).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                stop.waitFor(30, TimeUnit.SECONDS);
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            lockChannel.close();
            Dirs.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            // at JVM exit there is no test left to fail; the next start deletes what is left
            System.err.println("test PostgreSQL: removing " + dir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private ProcessBuilder command(List<String> program) {
        List<String> argv = new ArrayList<>(List.of(SETPRIV));
        if (asRoot) {
            argv.addAll(List.of("--reuid=" + USER, "--regid=" + USER, "--clear-groups"));
        }
        argv.addAll(List.of("--pdeathsig=INT", "--"));
        argv.addAll(program);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LC_ALL", "C");
        return pb;
    }

    private static Path binaries() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv(BIN_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        } else {
            candidates.addAll(debianVersions());
            for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry));
                }
            }
        }
        for (Path dir : candidates) {
            Path initdb = dir.resolve("initdb");
            if (Files.isExecutable(initdb) && Files.isExecutable(dir.resolve("postgres"))
                    && Files.isExecutable(dir.resolve("pg_ctl"))) {
                try {
                    return initdb.toRealPath().getParent();
                } catch (IOException e) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("starting the test PostgreSQL: no initdb, postgres and pg_ctl found in "
                + (configured != null && !configured.isBlank() ? BIN_VARIABLE + "=" + configured
                : "/usr/lib/postgresql/*/bin or on PATH")
                + "; run runner-image/install-toolchain.sh (it installs the postgresql package), or set "
                + BIN_VARIABLE + " to the directory of the server binaries");
    }

    /** Debian's /usr/lib/postgresql/<major>/bin, newest first. */
    private static List<Path> debianVersions() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString()))
                            .reversed())
                    .map(p -> p.resolve("bin")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static UserPrincipal serverUser() throws IOException {
        try {
            return lookup().lookupPrincipalByName(USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("starting the test PostgreSQL: the tests run as root, which PostgreSQL "
                    + "refuses, and there is no system user " + USER + " to run it as; run "
                    + "runner-image/install-toolchain.sh, which creates it", e);
        }
    }

    private static void giveTo(Path path, UserPrincipal user) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        GroupPrincipal group;
        try {
            group = lookup().lookupPrincipalByGroupName(USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("starting the test PostgreSQL: there is no group " + USER
                    + "; run runner-image/install-toolchain.sh, which creates the user and its group", e);
        }
        view.setOwner(user);
        view.setGroup(group);
    }

    private static UserPrincipalLookupService lookup() {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService();
    }

    /** Folders of JVMs that are gone: their lock is free. One that cannot be read or deleted is left alone. */
    private static void deleteLeftovers(Path base) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "pg-*")) {
            for (Path old : dirs) {
                Path lockFile = old.resolve(LOCK);
                if (!Files.isRegularFile(lockFile)) {
                    continue; // being set up by a JVM that has not locked it yet
                }
                try {
                    if (isFree(lockFile)) {
                        Dirs.deleteRecursively(old);
                    }
                } catch (IOException | UncheckedIOException | OverlappingFileLockException e) {
                    // another user's folder, or this JVM's own: not ours to delete
                }
            }
        }
    }

    private static boolean isFree(Path lockFile) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock lock = ch.tryLock()) {
            return lock != null;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private directory one run works in: {@code <data>/runs/<run-id>/} holding a copy of the source tree, a HOME
 * of its own and the plan file. Runs never share a working directory, so two runs cannot see each other's
 * .terraform or plan. A workspace without a backend keeps its state outside the run directory, under
 * {@code <data>/state/<repo>/<workspace>/}, through a generated override file.
 */
final class RunDirectory implements AutoCloseable {
    static final String BACKEND_OVERRIDE = "plumbline_backend_override.tf";
    private static final Pattern DECLARES_BACKEND = Pattern.compile("(?m)^[ \\t]*(backend[ \\t]+\"[^\"\\n]*\"|cloud)[ \\t]*\\{");

    private final Path root;
    private final Path workDir;
    private final Path stateDir;

    private RunDirectory(Path root, Path workDir, Path stateDir) {
        this.root = root;
        this.workDir = workDir;
        this.stateDir = stateDir;
    }

    static RunDirectory prepare(Path dataDir, long runId, WorkspaceSource source) {
        Path root = Dirs.createPrivate(dataDir.resolve("runs").resolve(Long.toString(runId)));
        RunLeftovers.claim(root);
        Path src = root.resolve("src");
        Dirs.createPrivate(src);
        source.tree().writeTo(src);
        Path work = src.resolve(source.dir()).normalize();
        if (!work.startsWith(src) || !Files.isDirectory(work)) {
            throw new IllegalArgumentException("workspace " + source.id() + ": directory '" + source.dir()
                    + "' does not exist" + (source.commit() == null ? "" : " at commit " + source.commit()));
        }
        Dirs.createPrivate(root.resolve("home"));
        Path stateDir = null;
        if (!declaresBackend(work)) {
            stateDir = LocalState.prepare(dataDir, source.id());
            write(work.resolve(BACKEND_OVERRIDE), "# Written by Plumbline: this workspace declares no backend, so its"
                    + " state is kept in Plumbline's data directory.\nterraform {\n  backend \"local\" {\n    path = \""
                    + hclString(stateDir.resolve(LocalState.STATE_FILE).toString()) + "\"\n  }\n}\n");
        }
        return new RunDirectory(root, work, stateDir);
    }

    Path workDir() {
        return workDir;
    }

    /** The root of the copied tree: the workspace and the local modules it uses. */
    Path sourceRoot() {
        return root.resolve("src");
    }

    Path home() {
        return root.resolve("home");
    }

    Path planFile() {
        return root.resolve("plan.tfplan");
    }

    /** Writes a stored plan back for apply; owner-only, since a plan file holds secrets. */
    Path writePlan(byte[] bytes) {
        Path p = planFile();
        try {
            Files.write(p, bytes);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("writing plan file " + p + ": " + e.getMessage(), e);
        }
    }

    byte[] readPlan() {
        try {
            return Files.readAllBytes(planFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading plan file " + planFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plan file and the copied tree go with the run: the stored, encrypted plan is the only copy kept. Local
     * state the tool wrote is made owner-only again (see {@link LocalState}).
     */
    @Override
    public void close() {
        try {
            Dirs.deleteRecursively(root);
        } finally {
            if (stateDir != null && Files.isDirectory(stateDir)) {
                LocalState.tighten(stateDir);
            }
        }
    }

    static boolean declaresBackend(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".tf") || p.toString().endsWith(".tofu"))
                    .filter(p -> !p.getFileName().toString().equals(BACKEND_OVERRIDE))
                    .anyMatch(p -> DECLARES_BACKEND.matcher(read(p)).find());
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String hclString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${").replace("%{", "%%{");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path p, String content) {
        try {
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + p + ": " + e.getMessage(), e);
        }
    }
}

package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths that a repository's settings name inside its checkout. The repository is not trusted: a path must be
 * relative, written plainly, exist, and still lie inside the checkout once symbolic links are followed, because
 * a link committed to the repository could otherwise point the tool at any directory of the daemon's machine.
 */
public final class CheckoutPaths {
    private final Path root;
    private final Path realRoot;

    public CheckoutPaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    public Path root() {
        return root;
    }

    /** The workspace directory in normal form ({@code "."} for the root), or null after recording a problem. */
    String directory(String written, String at, Problems problems) {
        Path rel = relative(written, Path.of(""), true, at, problems);
        if (rel == null) {
            return null;
        }
        Path abs = root.resolve(rel);
        if (!Files.exists(abs)) {
            problems.add(at, "directory " + Echo.quote(written) + " does not exist in the repository");
            return null;
        }
        if (!Files.isDirectory(abs)) {
            problems.add(at, Echo.quote(written) + " is not a directory");
            return null;
        }
        return inside(abs, written, at, problems) ? slashes(rel) : null;
    }

    /** Checks a file named relative to a workspace directory; false after recording a problem. */
    boolean file(String workspaceDir, String written, String at, Problems problems) {
        Path rel = relative(written, Path.of(workspaceDir), false, at, problems);
        if (rel == null) {
            return false;
        }
        Path abs = root.resolve(rel);
        if (!Files.isRegularFile(abs)) {
            problems.add(at, "file " + Echo.quote(written) + " does not exist in directory " + Echo.quote(workspaceDir));
            return false;
        }
        return inside(abs, written, at, problems);
    }

    /** Whether {@code path}, after following links, is still in the checkout; false for anything unreadable. */
    public boolean contains(Path path) {
        try {
            return path.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code "."} for the root, otherwise the path with '/' separators. */
    public static String slashes(Path relative) {
        String s = relative.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }

    // The path as written, resolved against base (relative to the root) and checked lexically: relative, never
    // above the root, and for a workspace directory without '.' or '..' steps (a var file may reach a sibling
    // directory with '..').
    private Path relative(String written, Path base, boolean directory, String at, Problems problems) {
        if (written.isBlank()) {
            problems.add(at, "must not be empty");
            return null;
        }
        Path p;
        try {
            p = Path.of(written);
        } catch (InvalidPathException e) {
            problems.add(at, "is not a valid path: " + e.getReason());
            return null;
        }
        if (p.isAbsolute() || written.startsWith("/")) {
            problems.add(at, "must be relative to the " + (directory ? "repository root" : "workspace directory")
                    + ", got " + Echo.quote(written));
            return null;
        }
        Path resolved = base.resolve(p).normalize();
        if (resolved.startsWith("..")) {
            problems.add(at, "must stay inside the repository, got " + Echo.quote(written));
            return null;
        }
        if (directory && !written.equals(".") && !plain(written)) {
            problems.add(at, "must be written plainly, without '.', '..' or empty steps: write '"
                    + slashes(resolved) + "', got " + Echo.quote(written));
            return null;
        }
        return resolved;
    }

    private static boolean plain(String written) {
        String w = written.endsWith("/") ? written.substring(0, written.length() - 1) : written;
        for (String step : w.split("/", -1)) {
            if (step.isEmpty() || step.equals(".") || step.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private boolean inside(Path abs, String written, String at, Problems problems) {
        if (!contains(abs)) {
            problems.add(at, Echo.quote(written) + " leads outside the repository through a symbolic link");
            return false;
        }
        return true;
    }
}

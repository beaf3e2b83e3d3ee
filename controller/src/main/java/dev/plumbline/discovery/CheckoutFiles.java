package dev.plumbline.discovery;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files of a checkout that are the repository's: those still under its root once symbolic links are followed.
 * A link committed to the repository could point at any file of the daemon's machine; what it leads to is never
 * read as the repository's configuration.
 */
final class CheckoutFiles {
    private final Path root;
    private final Path realRoot;

    CheckoutFiles(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** Whether {@code path}, after following links, is still in the checkout; false for anything unreadable. */
    boolean contains(Path path) {
        try {
            return path.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code "."} for the root, otherwise the path with '/' separators. */
    static String slashes(Path relative) {
        String s = relative.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }
}

package dev.plumbline.discovery;

import dev.plumbline.source.GitMirror;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Writes the files of one revision of a repository into a run's directory. */
@FunctionalInterface
public interface SourceTree {
    void writeTo(Path target);

    /**
     * A plain directory (no Git), copied. .git, .terraform and state files are left behind, and symbolic links are
     * not copied: a link could point outside the tree.
     */
    static SourceTree directory(Path root) {
        return target -> {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path rel = root.relativize(f);
                    if (skipped(rel)) {
                        continue;
                    }
                    Path to = target.resolve(rel.toString());
                    if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(to);
                    } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("copying " + root + " to " + target + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * The files of {@code commit} under {@code onlyDirs} (relative to the repository root; all of them when it is
     * empty), checked out of the repo's mirror.
     */
    static SourceTree commit(GitMirror mirror, String commit, List<String> onlyDirs) {
        List<String> dirs = List.copyOf(onlyDirs);
        return target -> mirror.checkout(commit, target, dirs);
    }

    private static boolean skipped(Path rel) {
        for (Path part : rel) {
            String n = part.toString();
            if (n.equals(".git") || n.equals(".terraform") || n.endsWith(".tfstate") || n.endsWith(".tfstate.backup")) {
                return true;
            }
        }
        return false;
    }
}

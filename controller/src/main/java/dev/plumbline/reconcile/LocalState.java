package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a workspace without a backend keeps its state: {@code <data>/state/<repo>/<workspace>/}, owner-only like
 * the plan key, since state holds every secret the workspace handles. Tofu creates the state file and its backup
 * with mode 0666 less the umask (0644 as a rule), but keeps the mode of a file that exists: it rewrites the state
 * in place and truncates the backup. So both are created empty and 0600 before tofu runs (tofu reads an empty
 * state file as no state yet), and whatever the directory holds is made owner-only again after each run.
 */
final class LocalState {
    static final String STATE_FILE = "terraform.tfstate";
    private static final List<String> PRECREATED = List.of(STATE_FILE, STATE_FILE + ".backup");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LocalState() {
    }

    /** Creates the directory (and state/, state/<repo>/) 0700 and the state files 0600; returns the directory. */
    static Path prepare(Path dataDir, WorkspaceId id) {
        Path state = Dirs.createPrivate(dataDir.resolve("state"));
        Path dir = Dirs.createPrivate(Dirs.createPrivate(state.resolve(id.repo())).resolve(id.name()));
        for (String name : PRECREATED) {
            Path file = dir.resolve(name);
            try {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("creating state file " + file + ": " + e.getMessage(), e);
            }
        }
        tighten(dir);
        return dir;
    }

    /** Makes every file in the state directory owner-only: a state file written before this, a lock file. */
    static void tighten(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("restricting the state files in " + dir + ": " + e.getMessage(), e);
        }
    }
}

package dev.plumbline.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Files and folders that hold secrets: readable by the daemon's user and nobody else. */
final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFiles() {
    }

    /** Creates the missing folders as rwx------; folders that already exist are the operator's to set. */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        requirePosix(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "creating " + dir);
        Files.createDirectories(dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Writes a file that must not exist yet, born rw------- so there is no moment when others could read it.
     * Fails with {@link java.nio.file.FileAlreadyExistsException} if another process created it first.
     */
    static void createNew(Path file, byte[] content) throws IOException {
        requirePosix(file.getFileSystem().supportedFileAttributeViews().contains("posix"), "creating " + file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(content);
        }
    }

    /**
     * Refuses a file that group or others may read or change: a secret that leaked once stays leaked.
     * {@code doing} starts the error message, e.g. "loading plan key /data/plan.key".
     */
    static void requireNotShared(Path file, String doing) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        requirePosix(view != null, doing);
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        Set<PosixFilePermission> shared = EnumSet.noneOf(PosixFilePermission.class);
        shared.addAll(permissions);
        shared.retainAll(SHARED);
        if (!shared.isEmpty()) {
            throw new StoreException(doing + ": the file is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
        }
    }

    private static void requirePosix(boolean supported, String doing) {
        if (!supported) {
            throw new StoreException(doing
                    + ": the file system has no POSIX permissions, so it cannot be kept private");
        }
    }
}

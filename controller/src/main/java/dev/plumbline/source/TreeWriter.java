package dev.plumbline.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the tree of a commit into a plain directory, blob by blob, without a working-tree repository: a run
 * gets its files and nothing else (no .git to tamper with, no hooks, no index). Symbolic links are written last
 * and only when they stay inside the directory.
 */
final class TreeWriter {
    private final ObjectReader reader;
    private final Path root;
    private final Set<Path> createdDirs = new HashSet<>();
    private final Map<String, String> links = new TreeMap<>();
    private final List<String> skipped = new ArrayList<>();

    private TreeWriter(ObjectReader reader, Path root) {
        this.reader = reader;
        this.root = root;
        createdDirs.add(root);
    }

    /** Writes the commit's files into {@code root}, which must be empty or absent; returns the skipped paths. */
    static List<String> write(ObjectReader reader, RevCommit commit, Path root) throws IOException {
        return write(reader, commit, root, List.of());
    }

    /** As above, limited to the given directories (and their subdirectories); all of the tree when empty. */
    static List<String> write(ObjectReader reader, RevCommit commit, Path root, List<String> only) throws IOException {
        prepare(root);
        TreeWriter writer = new TreeWriter(reader, root.toAbsolutePath().normalize());
        writer.writeTree(commit, only);
        writer.writeLinks();
        return List.copyOf(writer.skipped);
    }

    private static void prepare(Path root) throws IOException {
        if (Files.notExists(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root);
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(root + " exists and is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            if (entries.iterator().hasNext()) {
                throw new IOException(root + " is not empty");
            }
        }
    }

    private void writeTree(RevCommit commit, List<String> only) throws IOException {
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            List<String> dirs = only.stream().filter(d -> !d.isEmpty() && !d.equals(".")).toList();
            if (!dirs.isEmpty() && dirs.size() == only.size()) {
                walk.setFilter(org.eclipse.jgit.treewalk.filter.PathFilterGroup.createFromStrings(dirs));
            }
            while (walk.next()) {
                String path = walk.getPathString();
                Path file = place(path);
                if (file == null) {
                    skipped.add(path);
                    continue;
                }
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    ensureDir(file.getParent());
                    writeBlob(walk, file, mode == FileMode.EXECUTABLE_FILE);
                } else if (mode == FileMode.SYMLINK) {
                    ensureDir(file.getParent());
                    byte[] target = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
                    links.put(path, new String(target, StandardCharsets.UTF_8));
                } else if (mode == FileMode.GITLINK) {
                    ensureDir(file); // a submodule: git leaves an empty directory, so do we
                }
            }
        }
    }

    /** The file for a tree path, or null for a path that must not be written (.git, or escaping the root). */
    private Path place(String path) {
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equalsIgnoreCase(".git")) {
                return null;
            }
        }
        Path file = root.resolve(path).normalize();
        return file.startsWith(root) && !file.equals(root) ? file : null;
    }

    private void ensureDir(Path dir) throws IOException {
        if (createdDirs.add(dir)) {
            Files.createDirectories(dir);
        }
    }

    private void writeBlob(TreeWalk walk, Path file, boolean executable) throws IOException {
        // CREATE_NEW: never write through something that already exists at this path
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            reader.open(walk.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
        }
        if (executable) {
            makeExecutable(file);
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            if (perms.contains(PosixFilePermission.GROUP_READ)) {
                perms.add(PosixFilePermission.GROUP_EXECUTE);
            }
            if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
            }
            Files.setPosixFilePermissions(file, perms);
        } catch (UnsupportedOperationException e) {
            file.toFile().setExecutable(true);
        }
    }

    /** Links come after all files, so no file is ever written through a link. */
    private void writeLinks() throws IOException {
        // A link whose path is taken by a directory (only in a malformed tree) is dropped before checking the
        // others, so that the check follows exactly what is on disk.
        links.keySet().removeIf(path -> {
            boolean taken = Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS);
            if (taken) {
                skipped.add(path);
            }
            return taken;
        });
        LinkCheck check = new LinkCheck(links);
        for (Map.Entry<String, String> link : links.entrySet()) {
            if (!check.staysInside(link.getKey())) {
                skipped.add(link.getKey());
                continue;
            }
            Path file = root.resolve(link.getKey());
            Files.createSymbolicLink(file, file.getFileSystem().getPath(link.getValue()));
        }
    }
}

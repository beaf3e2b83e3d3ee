package dev.plumbline.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An OCI image layout tarball (what {@code jib:buildTar} writes with the OCI format) read the way a container
 * runtime reads it: {@code oci-layout} and {@code index.json}, the manifest the index names, the config and the
 * layers the manifest names, each blob checked against its digest. The layers can be unpacked into a directory in
 * order; every entry is recorded with its type, mode and owner, which a test cannot always set on disk.
 */
final class ImageTarball {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file system entry of a layer, as the layer's tar header gives it. */
    record Entry(String path, char type, int mode, long uid, long gid, long size, String link, int layer) {
        boolean isFile() {
            return type == '0';
        }
    }

    /** A layer as the manifest lists it. */
    record Layer(String digest, long size, String mediaType) { }

    private final Path blobs;
    final JsonNode index;
    final JsonNode manifest;
    final JsonNode config;
    final List<Layer> layers;

    private ImageTarball(Path blobs, JsonNode index, JsonNode manifest, JsonNode config, List<Layer> layers) {
        this.blobs = blobs;
        this.index = index;
        this.manifest = manifest;
        this.config = config;
        this.layers = layers;
    }

    /** Unpacks the tarball's blobs into {@code work} and reads the index, the manifest and the config. */
    static ImageTarball open(Path tarball, Path work) throws IOException {
        Path layout = Files.createDirectories(work.resolve("layout"));
        try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = layout.resolve(e.getName()).normalize();
                if (!to.startsWith(layout)) {
                    throw new IOException("reading " + tarball + ": entry " + e.getName() + " leaves the layout");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        JsonNode ociLayout = JSON.readTree(layout.resolve("oci-layout").toFile());
        if (!"1.0.0".equals(ociLayout.path("imageLayoutVersion").asText())) {
            throw new IOException("reading " + tarball + ": oci-layout: imageLayoutVersion is " + ociLayout);
        }
        Path blobs = layout.resolve("blobs");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(verified(blobs, index.path("manifests").path(0).path("digest").asText()).toFile());
        JsonNode config = JSON.readTree(verified(blobs, manifest.path("config").path("digest").asText()).toFile());
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            verified(blobs, l.path("digest").asText());
            layers.add(new Layer(l.path("digest").asText(), l.path("size").asLong(), l.path("mediaType").asText()));
        }
        return new ImageTarball(blobs, index, manifest, config, layers);
    }

    /** Only the tarball's index.json. */
    static JsonNode index(Path tarball) throws IOException {
        try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals("index.json")) {
                    return JSON.readTree(tar.readAllBytes());
                }
            }
        }
        throw new IOException("reading " + tarball + ": it has no index.json");
    }

    /**
     * Unpacks every layer into {@code root} in order (a later entry replaces an earlier one) and returns the
     * entries by path. Each layer's uncompressed digest is checked against the config's {@code diff_ids}.
     */
    Map<String, Entry> unpack(Path root) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        for (int i = 0; i < layers.size(); i++) {
            MessageDigest sha = sha256();
            try (InputStream raw = Files.newInputStream(blob(layers.get(i).digest()));
                 DigestInputStream uncompressed = new DigestInputStream(new GzipCompressorInputStream(raw), sha);
                 TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    Entry entry = write(root, tar, e, i);
                    entries.put(entry.path(), entry);
                }
                uncompressed.transferTo(OutputStream.nullOutputStream());
            }
            String diffId = "sha256:" + HexFormat.of().formatHex(sha.digest());
            if (!diffId.equals(diffIds.path(i).asText())) {
                throw new IOException("unpacking layer " + i + ": its content is " + diffId + ", the config says "
                        + diffIds.path(i).asText());
            }
        }
        return entries;
    }

    private static Entry write(Path root, TarArchiveInputStream tar, TarArchiveEntry e, int layer)
            throws IOException {
        String name = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
        Path to = root.resolve(name).normalize();
        if (!to.startsWith(root)) {
            throw new IOException("unpacking layer " + layer + ": entry " + e.getName() + " leaves the root");
        }
        char type = e.isDirectory() ? '5' : e.isSymbolicLink() ? '2' : e.isLink() ? '1' : '0';
        Entry entry = new Entry("/" + name, type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                e.getSize(), e.getLinkName(), layer);
        if (name.isEmpty()) {
            return entry;
        }
        Files.createDirectories(to.getParent());
        if (e.isDirectory()) {
            Files.createDirectories(to);
        } else {
            Files.deleteIfExists(to);
            if (e.isSymbolicLink()) {
                Files.createSymbolicLink(to, Path.of(e.getLinkName()));
            } else if (e.isLink()) {
                Files.createLink(to, root.resolve(e.getLinkName().replaceFirst("^\\./", "")));
            } else {
                Files.copy(tar, to);
            }
        }
        if (!e.isSymbolicLink()) {
            Files.setPosixFilePermissions(to, permissions(e.getMode() | 0200)); // owner-writable, so it can be removed
        }
        return entry;
    }

    Path blob(String digest) {
        return blobs.resolve(digest.replace(':', '/'));
    }

    private static Path verified(Path blobs, String digest) throws IOException {
        Path blob = blobs.resolve(digest.replace(':', '/'));
        if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("reading the image: blob " + digest + " is missing");
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(blob), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(digest)) {
            throw new IOException("reading the image: blob " + digest + " holds " + actual);
        }
        return blob;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

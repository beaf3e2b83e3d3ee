package dev.plumbline.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** A file that holds one secret (a token, a password): read whole, with messages that never show its content. */
final class SecretFile {
    // Guards against a secret file pointing at something that is not a secret (a log, a device).
    private static final long MAX_BYTES = 64 * 1024;

    private SecretFile() {
    }

    /**
     * The file's content; {@code failure} turns a cause such as "token file /x does not exist" into the caller's
     * exception, {@code noun} being what the file is ("token file").
     */
    static String read(Path file, String noun, Function<String, ? extends RuntimeException> failure) {
        try {
            if (!Files.isRegularFile(file)) {
                throw failure.apply(noun + " " + file + " does not exist or is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw failure.apply(noun + " " + file + " is larger than 64 KiB; is it the right file?");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The messages of file-system exceptions name the path and the reason, never file content.
            throw failure.apply("reading " + noun + " " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}

package dev.plumbline.rego;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The policies shipped with Plumbline, enabled by name in a policy set ({@code builtin: protected}) and given their
 * parameters there; each is one Rego file in package {@code plumbline.<name>} reading {@code data.params}.
 */
public final class Library {
    /** The built-in policies, by name. */
    public static final List<String> NAMES = List.of("protected", "required_tags", "allowed_providers",
            "max_deletions");
    private static final String RESOURCES = "/dev/plumbline/rego/library/";

    private Library() { }

    /** The namespace a built-in's rules are in. */
    public static String namespace(String name) {
        return "plumbline." + name;
    }

    /** Writes the built-in's Rego file into {@code dir} and returns it. */
    public static Path write(String name, Path dir) {
        if (!NAMES.contains(name)) {
            throw new RegoException("reading the built-in policy " + name + ": there is none; the built-ins are "
                    + String.join(", ", NAMES));
        }
        Path file = dir.resolve(name + ".rego");
        try (InputStream in = Library.class.getResourceAsStream(RESOURCES + name + ".rego")) {
            if (in == null) {
                throw new RegoException("reading the built-in policy " + name + ": it is missing from the jar");
            }
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new RegoException("writing the built-in policy " + name + " to " + dir + ": " + e.getMessage(), e);
        }
    }
}

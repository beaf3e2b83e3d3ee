package dev.plumbline.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.RealToolchain;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** Where the build left the release files, and what none of them may hold. */
final class ImageFiles {
    private ImageFiles() { }

    /**
     * The image tarball; the test is skipped when the build ran without the image profile (the property is then
     * empty), and fails when the profile ran but left no tarball.
     */
    static Path tarballOrSkip() {
        String path = System.getProperty("plumbline.imageTar", "");
        Assumptions.assumeFalse(path.isBlank(),
                "the image is built by `mvn -Pimage package` (runner-image/test.sh does); this build had no -Pimage");
        Path tarball = Path.of(path);
        assertThat(tarball).as("the image tarball the image profile builds").isRegularFile();
        return tarball;
    }

    static Path bundle() {
        Path bundle = Path.of(System.getProperty("plumbline.bundle", ""));
        assertThat(bundle).as("the release bundle mvn package builds").isRegularFile();
        return bundle;
    }

    /** A PEM private key with its content (libraries hold the bare markers as constants, with no key after them). */
    static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----\\r?\\n[A-Za-z0-9+/=]{16}");

    /** What would show that the build machine leaked in: the checkout, the toolchain cache, the Maven repository. */
    static List<String> buildPaths() {
        String home = System.getProperty("user.home");
        return List.of(RealToolchain.repoRoot().toString() + "/", home + "/.cache/plumbline", home + "/.m2/");
    }

    /** What of {@link #buildPaths()} and {@link #PRIVATE_KEY} {@code text} holds, or null. */
    static String leak(String text) {
        return leak(text, true);
    }

    /**
     * Without the key check for compiled classes: netty's carry a public self-signed test key as a constant (to
     * probe its TLS engines), which is code, not a secret of this build. Keys as files or resources are checked.
     */
    static String leak(String text, boolean keys) {
        for (String p : buildPaths()) {
            if (text.contains(p)) {
                return "holds " + p;
            }
        }
        return keys && text.contains("PRIVATE KEY-----") && PRIVATE_KEY.matcher(text).find() ? "holds a private key"
                : null;
    }
}

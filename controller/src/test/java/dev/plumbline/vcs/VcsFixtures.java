package dev.plumbline.vcs;

import dev.plumbline.domain.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Test data shared by the vcs tests and those of the host packages. */
public final class VcsFixtures {
    /** Retries without waiting, so rate-limit tests run fast while still counting attempts. */
    public static final Backoff FAST = new Backoff(3, Duration.ofMillis(1), Duration.ofSeconds(2));

    private VcsFixtures() {
    }

    /** A webhook payload from {@code src/test/resources/vcs/payloads/}, byte for byte. */
    public static byte[] payload(String name) {
        String resource = "/vcs/payloads/" + name;
        try (InputStream in = VcsFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.plumbline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A FAKE tofu: a shell script standing in for the binary, only for failure modes a real tofu cannot produce on
 * demand (a hang that ignores SIGINT, a crash in the middle of its output). Never used to test behaviour that
 * the real binary can show.
 */
public final class FakeTofu {
    private FakeTofu() { }

    public static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve("fake-tofu-" + name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}

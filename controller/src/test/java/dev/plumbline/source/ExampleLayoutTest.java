package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's own example workspaces and modules, pushed to a repo, fetched and checked out. */
class ExampleLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void the_example_workspaces_and_modules_are_checked_out_as_committed() throws Exception {
        Path repoRoot = Path.of(System.getProperty("plumbline.repoRoot", "..")).toAbsolutePath().normalize();
        try (RemoteRepo remote = RemoteRepo.create(tmp.resolve("origin"))) {
            copy(repoRoot.resolve("workspaces"), remote.work.resolve("workspaces"));
            copy(repoRoot.resolve("modules"), remote.work.resolve("modules"));
            String head = remote.commit("Example layout");

            try (GitMirror mirror = new GitMirror(GitRemote.of("examples", remote.url(), "main"), tmp.resolve("data"))) {
                assertThat(mirror.fetch().commit()).isEqualTo(head);
                Path out = tmp.resolve("run");
                mirror.checkout(head, out);

                assertThat(out.resolve("workspaces/hello/main.tf")).isRegularFile();
                assertThat(out.resolve("modules/text-file/main.tf")).isRegularFile();
                List<String> expected = Stream.concat(
                        GitMirrorCheckoutTest.files(repoRoot.resolve("workspaces")).stream().map(p -> "workspaces/" + p),
                        GitMirrorCheckoutTest.files(repoRoot.resolve("modules")).stream().map(p -> "modules/" + p))
                        .sorted().toList();
                assertThat(GitMirrorCheckoutTest.files(out)).containsExactlyElementsOf(expected);
                assertThat(out.resolve("workspaces/hello/main.tf"))
                        .hasSameBinaryContentAs(repoRoot.resolve("workspaces/hello/main.tf"));
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}

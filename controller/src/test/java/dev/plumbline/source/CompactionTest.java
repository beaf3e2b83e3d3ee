package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    @TempDir
    Path tmp;

    @Test
    void a_mirror_with_too_many_packs_is_repacked_and_keeps_every_commit() throws Exception {
        try (RemoteRepo remote = RemoteRepo.create(tmp.resolve("origin"));
                GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), tmp.resolve("data"))) {
            List<String> commits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                commits.add(remote.write("v.txt", Integer.toString(i)).commit("v" + i));
                mirror.fetch();
            }
            assertThat(packs(mirror)).isGreaterThanOrEqualTo(4);

            try (Repository repo = new FileRepositoryBuilder().setGitDir(mirror.directory().toFile()).build()) {
                // JGit keeps replaced packs for an hour by default, in case a reader still uses them
                repo.getConfig().setString("gc", null, "prunePackExpire", "now");
                repo.getConfig().save();
                Compaction.maybeRun(repo, "infra", 2, 1_000);
                assertThat(packs(mirror)).isEqualTo(1);

                commits.add(remote.write("v.txt", "4").commit("v4"));
                mirror.fetch();
                mirror.fetch();
                Compaction.maybeRun(repo, "infra", 0, 0);
                assertThat(packs(mirror)).as("not repacked again so soon").isEqualTo(2);
            }

            for (int i = 0; i < commits.size(); i++) {
                Path out = tmp.resolve("out" + i);
                mirror.checkout(commits.get(i), out);
                assertThat(out.resolve("v.txt")).hasContent(Integer.toString(i));
            }
        }
    }

    private static long packs(GitMirror mirror) throws IOException {
        try (Stream<Path> files = Files.list(mirror.directory().resolve("objects/pack"))) {
            return files.filter(p -> p.toString().endsWith(".pack")).count();
        }
    }
}

package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Revision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentCheckoutTest {
    @TempDir
    Path tmp;

    @Test
    void checkouts_of_different_commits_from_several_threads_while_fetches_run() throws Exception {
        try (RemoteRepo remote = RemoteRepo.create(tmp.resolve("origin"));
                GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), tmp.resolve("data"))) {
            List<String> commits = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                for (int f = 0; f < 40; f++) {
                    remote.write("dir" + f % 4 + "/file" + f + ".tf", "version " + i + " file " + f + "\n");
                }
                commits.add(remote.write("version.txt", Integer.toString(i)).commit("version " + i));
            }
            mirror.fetch();

            ExecutorService pool = Executors.newFixedThreadPool(7);
            CountDownLatch start = new CountDownLatch(1);
            try {
                Future<List<String>> fetching = pool.submit(() -> {
                    start.await();
                    List<String> heads = new ArrayList<>();
                    for (int i = 6; i < 12; i++) {
                        remote.write("version.txt", Integer.toString(i)).commit("version " + i);
                        heads.add(mirror.fetch().commit());
                    }
                    return heads;
                });
                List<Future<?>> checkouts = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int thread = t;
                    checkouts.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < 5; round++) {
                            int version = (thread + round) % commits.size();
                            Path dir = tmp.resolve("runs/t" + thread + "-r" + round);
                            Checkout checkout = mirror.checkout(commits.get(version), dir);
                            assertThat(checkout.commit()).isEqualTo(commits.get(version));
                            assertThat(dir.resolve("version.txt")).hasContent(Integer.toString(version));
                            assertThat(dir.resolve("dir3/file39.tf")).hasContent("version " + version + " file 39\n");
                            assertThat(GitMirrorCheckoutTest.files(dir)).hasSize(41);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> checkout : checkouts) {
                    checkout.get(60, TimeUnit.SECONDS);
                }
                assertThat(fetching.get(60, TimeUnit.SECONDS)).hasSize(6).doesNotHaveDuplicates();
                assertThat(mirror.resolve("main")).contains(fetching.get().get(5));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void fetches_of_one_mirror_run_one_at_a_time() throws Exception {
        try (RemoteRepo remote = RemoteRepo.create(tmp.resolve("origin"))) {
            String head = remote.write("a.txt", "a").commit("first");
            GitRemote infra = GitRemote.of("infra", remote.url(), "main");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Revision>> fetches = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    // separate instances on the same directory: the lock is per directory, not per object
                    fetches.add(pool.submit(() -> {
                        try (GitMirror mirror = new GitMirror(infra, tmp.resolve("data"))) {
                            return mirror.fetch();
                        }
                    }));
                }
                for (Future<Revision> fetch : fetches) {
                    assertThat(fetch.get(60, TimeUnit.SECONDS).commit()).isEqualTo(head);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorCheckoutTest {
    @TempDir
    Path tmp;
    RemoteRepo remote;
    GitMirror mirror;

    @BeforeEach
    void setUp() throws Exception {
        remote = RemoteRepo.create(tmp.resolve("origin"));
        mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() {
        mirror.close();
        remote.close();
    }

    @Test
    void checkout_writes_exactly_the_files_of_the_commit() throws Exception {
        String older = remote.write("main.tf", "v1").write("modules/net/vpc.tf", "vpc").commit("first");
        String newer = remote.write("main.tf", "v2").delete("modules/net/vpc.tf").write("outputs.tf", "out")
                .commit("second");
        mirror.fetch();

        Checkout latest = mirror.checkout(newer, tmp.resolve("run-2"));
        Checkout earlier = mirror.checkout(older, tmp.resolve("run-1"));

        assertThat(latest.commit()).isEqualTo(newer);
        assertThat(latest.skippedLinks()).isEmpty();
        assertThat(files(tmp.resolve("run-2"))).containsExactly("main.tf", "outputs.tf");
        assertThat(tmp.resolve("run-2/main.tf")).hasContent("v2");
        assertThat(earlier.commit()).isEqualTo(older);
        assertThat(files(tmp.resolve("run-1"))).containsExactly("main.tf", "modules/net/vpc.tf");
        assertThat(tmp.resolve("run-1/main.tf")).hasContent("v1");
        assertThat(tmp.resolve("run-1/.git")).doesNotExist();
    }

    @Test
    void an_abbreviated_id_or_a_branch_name_is_checked_out_as_its_full_commit() throws Exception {
        String head = remote.write("a.txt", "a").commit("first");
        mirror.fetch();

        assertThat(mirror.checkout(head.substring(0, 10), tmp.resolve("short")).commit()).isEqualTo(head);
        assertThat(mirror.checkout("main", tmp.resolve("branch")).commit()).isEqualTo(head);
    }

    @Test
    void the_executable_bit_is_kept() throws Exception {
        String head = remote.executable("bin/run.sh", "#!/bin/sh\necho hi\n").write("README", "text").commit("tools");
        mirror.fetch();

        mirror.checkout(head, tmp.resolve("out"));

        assertThat(Files.isExecutable(tmp.resolve("out/bin/run.sh"))).isTrue();
        assertThat(Files.isExecutable(tmp.resolve("out/README"))).isFalse();
    }

    @Test
    void symbolic_links_are_written_only_when_they_stay_inside_the_checkout() throws Exception {
        String head = remote.write("modules/a/main.tf", "a")
                .symlink("shared.tf", "modules/a/main.tf")
                .symlink("workspaces/x/modules", "../../modules")
                .symlink("escape", "../../etc/passwd")
                .symlink("absolute", "/etc/passwd")
                .symlink("here", ".")
                .symlink("sneaky", "here/../outside.txt")
                .commit("links");
        mirror.fetch();
        Path out = tmp.resolve("out");

        Checkout checkout = mirror.checkout(head, out);

        assertThat(checkout.skippedLinks()).containsExactlyInAnyOrder("escape", "absolute", "sneaky");
        assertThat(out.resolve("shared.tf")).isSymbolicLink().hasContent("a");
        assertThat(out.resolve("workspaces/x/modules/a/main.tf")).hasContent("a");
        assertThat(out.resolve("here")).isSymbolicLink();
        for (String skipped : checkout.skippedLinks()) {
            assertThat(Files.exists(out.resolve(skipped), LinkOption.NOFOLLOW_LINKS)).as(skipped).isFalse();
        }
    }

    @Test
    void a_commit_that_does_not_exist_is_rejected_naming_it_and_the_repo() throws Exception {
        remote.write("a.txt", "a").commit("first");
        mirror.fetch();
        String missing = "0123456789abcdef0123456789abcdef01234567";

        assertThatThrownBy(() -> mirror.checkout(missing, tmp.resolve("out")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("commit '" + missing + "' does not exist")
                .hasMessageContaining("repo 'infra'")
                .hasMessageContaining("branch 'main'");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void the_target_directory_must_be_empty() throws Exception {
        String head = remote.write("a.txt", "a").commit("first");
        mirror.fetch();
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("left-over"), "x");
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThatThrownBy(() -> mirror.checkout(head, used))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("checking out commit '" + head + "' of repo 'infra'")
                .hasMessageContaining("is not empty");
        assertThat(mirror.checkout(head, empty).commit()).isEqualTo(head);
        assertThat(empty.resolve("a.txt")).hasContent("a");
    }

    @Test
    void changed_files_lists_additions_changes_deletions_and_both_sides_of_a_rename() throws Exception {
        String from = remote.write("a.tf", "a").write("b.tf", "b").write("d.tf", "d").write("same.tf", "s")
                .commit("first");
        String to = remote.write("a.tf", "a2").move("b.tf", "sub/b2.tf").write("c.tf", "c").delete("d.tf")
                .commit("second");
        mirror.fetch();

        assertThat(mirror.changedFiles(from, to)).containsExactly("a.tf", "b.tf", "c.tf", "d.tf", "sub/b2.tf");
        assertThat(mirror.changedFiles(to, to)).isEmpty();
        assertThat(mirror.changedFiles(null, from)).containsExactly("a.tf", "b.tf", "d.tf", "same.tf");
    }

    @Test
    void resolve_and_is_ancestor_answer_from_the_mirror() throws Exception {
        String first = remote.write("a.txt", "1").commit("first");
        String second = remote.write("a.txt", "2").commit("second");
        mirror.fetch();

        assertThat(mirror.resolve("main")).contains(second);
        assertThat(mirror.resolve(first.substring(0, 8))).contains(first);
        assertThat(mirror.resolve("no-such-branch")).isEmpty();
        assertThat(mirror.resolve("0123456789abcdef0123456789abcdef01234567")).isEmpty();
        assertThat(mirror.isAncestor(first, second)).isTrue();
        assertThat(mirror.isAncestor(second, first)).isFalse();
        assertThat(mirror.isAncestor(second, second)).isTrue();
        assertThat(mirror.revision(first).subject()).isEqualTo("first");
        assertThatThrownBy(() -> mirror.isAncestor("feedface", second))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("commit 'feedface' does not exist");
    }

    @Test
    void hundreds_of_files_are_checked_out_quickly() throws Exception {
        for (int i = 0; i < 600; i++) {
            remote.write("dir" + (i % 30) + "/file" + i + ".tf", "resource \"null_resource\" \"r" + i + "\" {}\n");
        }
        String head = remote.commit("many files");
        mirror.fetch();
        mirror.checkout(head, tmp.resolve("warm-up"));

        long started = System.nanoTime();
        mirror.checkout(head, tmp.resolve("out"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(files(tmp.resolve("out"))).hasSize(600);
        assertThat(millis).as("checkout of 600 files took %d ms", millis).isLessThan(5_000);
    }

    static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}

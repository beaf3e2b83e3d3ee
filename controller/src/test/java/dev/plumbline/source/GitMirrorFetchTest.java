package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Revision;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorFetchTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

    @TempDir
    Path tmp;
    RemoteRepo remote;
    Path dataDir;

    @BeforeEach
    void setUp() throws Exception {
        remote = RemoteRepo.create(tmp.resolve("origin"));
        dataDir = tmp.resolve("data");
    }

    @AfterEach
    void tearDown() {
        remote.close();
    }

    @Test
    void first_fetch_creates_a_bare_mirror_and_returns_the_branch_head() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        String head = remote.write("main.tf", "# one\n").commit("Add main.tf\n\nwith a body");

        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), dataDir)) {
            Revision revision = mirror.fetch();

            assertThat(revision).isEqualTo(new Revision("infra", "main", head, revision.commitTime(),
                    "Ada Lovelace", "Add main.tf"));
            assertThat(revision.commitTime()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
            assertThat(mirror.directory()).isEqualTo(dataDir.toAbsolutePath().resolve("repos/infra.git"));
            assertThat(mirror.directory().resolve("HEAD")).isRegularFile();
            assertThat(mirror.directory().resolve("main.tf")).doesNotExist();
            assertThat(mirror.resolve("main")).contains(head);
        }
    }

    @Test
    void second_fetch_is_incremental_and_returns_the_new_head() throws Exception {
        String first = remote.write("a.txt", "1").commit("first");
        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), dataDir)) {
            mirror.fetch();
            Path marker = Files.writeString(mirror.directory().resolve("marker"), "kept");
            List<Path> packsBefore = packs(mirror);

            String second = remote.write("a.txt", "2").commit("second");
            Revision revision = mirror.fetch();

            assertThat(revision.commit()).isEqualTo(second);
            assertThat(revision.subject()).isEqualTo("second");
            assertThat(marker).hasContent("kept"); // the mirror was fetched into, not cloned again
            assertThat(packs(mirror)).containsAll(packsBefore).hasSizeGreaterThan(packsBefore.size());
            assertThat(mirror.resolve(first)).contains(first);
            assertThat(mirror.isAncestor(first, second)).isTrue();
        }
    }

    @Test
    void a_second_mirror_instance_reuses_the_existing_directory() throws Exception {
        String head = remote.write("a.txt", "1").commit("first");
        GitRemote infra = GitRemote.of("infra", remote.url(), "main");
        try (GitMirror mirror = new GitMirror(infra, dataDir)) {
            mirror.fetch();
        }
        try (GitMirror again = new GitMirror(infra, dataDir)) {
            assertThat(again.resolve("main")).contains(head);
            assertThat(again.fetch().commit()).isEqualTo(head);
        }
    }

    @Test
    void a_force_pushed_branch_is_followed() throws Exception {
        remote.write("a.txt", "1").commit("first");
        String second = remote.write("a.txt", "2").commit("second");
        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), dataDir)) {
            mirror.fetch();
            RemoteRepo other = RemoteRepo.create(tmp.resolve("rewritten"));
            String rewritten = other.write("b.txt", "x").commitTo("refs/heads/main", "unrelated");
            other.close();
            try (Git git = Git.open(other.work.toFile())) {
                git.push().setRemote(remote.url()).setForce(true)
                        .setRefSpecs(new RefSpec("+HEAD:refs/heads/main")).call();
            }

            assertThat(mirror.fetch().commit()).isEqualTo(rewritten);
            assertThat(mirror.isAncestor(second, rewritten)).isFalse();
        }
    }

    @Test
    void a_missing_branch_fails_at_once_naming_repo_url_and_branch() throws Exception {
        remote.write("a.txt", "1").commit("first");
        GitRemote infra = GitRemote.of("infra", remote.url(), "release");
        try (GitMirror mirror = new GitMirror(infra, dataDir, FAST); LogCapture logs = new LogCapture()) {
            assertThatThrownBy(mirror::fetch)
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("repo 'infra'")
                    .hasMessageContaining(remote.url())
                    .hasMessageContaining("branch 'release'")
                    .hasMessageContaining("the remote has no branch 'release'")
                    .satisfies(e -> assertThat(((SourceException) e).isRetryable()).isFalse());
            assertThat(logs.retries()).isEmpty();
        }
    }

    @Test
    void fetching_a_pull_request_ref_stores_it_under_the_given_local_ref() throws Exception {
        String main = remote.write("a.txt", "1").commit("first");
        String pr = remote.write("a.txt", "proposed").commitTo("refs/pull/7/head", "proposal");
        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), dataDir, FAST)) {
            assertThat(mirror.fetch().commit()).isEqualTo(main);

            Revision revision = mirror.fetchRef("refs/pull/7/head", "refs/pull/7/head");

            assertThat(revision.commit()).isEqualTo(pr);
            assertThat(revision.branch()).isEqualTo("refs/pull/7/head");
            assertThat(mirror.resolve("refs/pull/7/head")).contains(pr);
            assertThat(mirror.resolve("main")).contains(main);
            assertThatThrownBy(() -> mirror.fetchRef("refs/pull/8/head", "refs/pull/8/head"))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("repo 'infra'")
                    .hasMessageContaining("the remote has no ref 'refs/pull/8/head'");
        }
    }

    @Test
    void wildcard_ref_specs_fetch_every_matching_ref() throws Exception {
        remote.write("a.txt", "1").commit("first");
        String one = remote.write("a.txt", "one").commitTo("refs/pull/1/head", "one");
        String two = remote.write("a.txt", "two").commitTo("refs/pull/2/head", "two");
        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), dataDir, FAST)) {
            mirror.fetch(List.of("+refs/pull/*/head:refs/pull/*/head"));

            assertThat(mirror.resolve("refs/pull/1/head")).contains(one);
            assertThat(mirror.resolve("refs/pull/2/head")).contains(two);
        }
    }

    @Test
    void an_unreachable_file_remote_is_retried_then_fails_naming_repo_and_url() throws Exception {
        String url = tmp.resolve("no-such-repo.git").toUri().toString();
        GitRemote gone = GitRemote.of("gone", url, "main");
        try (GitMirror mirror = new GitMirror(gone, dataDir, FAST); LogCapture logs = new LogCapture()) {
            assertThatThrownBy(mirror::fetch)
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("fetching branch 'main' of repo 'gone' from " + url + ": ")
                    .hasMessageContaining("gave up after 3 attempt(s)")
                    .satisfies(e -> assertThat(((SourceException) e).isRetryable()).isTrue());
            assertThat(logs.retries()).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("repo 'gone'").contains(url));
            assertThat(logs.retries().get(0)).contains("attempt 1 of 3");
        }
    }

    @Test
    void a_closed_loopback_port_is_retried_then_fails_naming_repo_and_url() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/infra.git";
        RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1));
        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", url, "main"), dataDir, twice);
                LogCapture logs = new LogCapture()) {
            assertThatThrownBy(mirror::fetch)
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("repo 'infra'")
                    .hasMessageContaining(url)
                    .hasMessageContaining("gave up after 2 attempt(s)");
            assertThat(logs.retries()).hasSize(1);
        }
    }

    @Test
    void a_server_that_accepts_and_then_hangs_times_out_and_is_retried() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept()); // and never answer
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + socket.getLocalPort() + "/infra.git";
            RetryPolicy patient = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1));
            long started = System.nanoTime();
            try (GitMirror mirror = new GitMirror(GitRemote.of("infra", url, "main"), dataDir, patient);
                    LogCapture logs = new LogCapture()) {
                assertThatThrownBy(mirror::fetch)
                        .isInstanceOf(SourceException.class)
                        .hasMessageContaining("repo 'infra'")
                        .hasMessageContaining("gave up after 2 attempt(s)")
                        .hasMessageContaining("timed out");
                assertThat(logs.retries()).hasSize(1);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            for (Socket client : held) {
                client.close();
            }
        }
    }

    @Test
    void backoff_doubles_up_to_its_cap() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(2), Duration.ofSeconds(10));

        assertThat(Stream.of(1, 2, 3, 4, 5).map(policy::delayAfter).map(Duration::toSeconds))
                .containsExactly(2L, 4L, 8L, 10L, 10L);
        assertThat(RetryPolicy.DEFAULT.attempts()).isEqualTo(3);
        assertThat(RetryPolicy.DEFAULT.initialDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void queries_before_the_first_fetch_say_so() {
        try (GitMirror mirror = new GitMirror(GitRemote.of("infra", remote.url(), "main"), dataDir)) {
            assertThatThrownBy(() -> mirror.checkout("main", tmp.resolve("out")))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("repo 'infra'")
                    .hasMessageContaining("has not been fetched yet");
        }
    }

    private static List<Path> packs(GitMirror mirror) throws IOException {
        try (Stream<Path> files = Files.list(mirror.directory().resolve("objects/pack"))) {
            return files.filter(p -> p.toString().endsWith(".pack")).toList();
        }
    }
}

package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Revision;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching over a real SSH connection, with strict host key checking against the configured known_hosts. */
class SshFetchTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2));

    @TempDir
    Path tmp;
    RemoteRepo remote;
    SshGitServer server;
    Path keys;

    @BeforeEach
    void setUp() throws Exception {
        remote = RemoteRepo.create(tmp.resolve("origin"));
        server = new SshGitServer(remote.bare);
        keys = Files.createDirectories(tmp.resolve("keys"));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        remote.close();
    }

    @Test
    void fetch_over_ssh_with_a_known_host_key_and_a_key_file() throws Exception {
        String head = remote.write("main.tf", "# ssh\n").commit("over ssh");
        GitRemote.Auth auth = new GitRemote.Auth.SshKey(
                SshGitServer.writePrivateKey(server.clientKey, keys.resolve("id_ecdsa")),
                server.writeKnownHosts(server.hostKey.getPublic(), keys.resolve("known_hosts")));

        try (GitMirror mirror = new GitMirror(new GitRemote("infra", server.url(), "main", auth), tmp.resolve("data"))) {
            assertThat(mirror.fetch().commit()).isEqualTo(head);
            String next = remote.write("main.tf", "# again\n").commit("again");
            assertThat(mirror.fetch().commit()).isEqualTo(next);
        }
        assertThat(Files.readString(keys.resolve("known_hosts"))).hasLineCount(1);
    }

    @Test
    void an_unknown_host_key_is_refused_at_once() throws Exception {
        remote.write("main.tf", "# ssh\n").commit("over ssh");
        Path knownHosts = server.writeKnownHosts(SshGitServer.generate().getPublic(), keys.resolve("known_hosts"));
        GitRemote.Auth auth = new GitRemote.Auth.SshKey(
                SshGitServer.writePrivateKey(server.clientKey, keys.resolve("id_ecdsa")), knownHosts);
        String before = Files.readString(knownHosts);

        try (GitMirror mirror = new GitMirror(new GitRemote("infra", server.url(), "main", auth), tmp.resolve("data"),
                FAST); LogCapture logs = new LogCapture()) {
            assertThatThrownBy(mirror::fetch)
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("repo 'infra'")
                    .hasMessageContaining("ssh://127.0.0.1:" + server.port() + "/org/infra.git")
                    .hasMessageContaining("authentication failed: the server's host key is not listed in " + knownHosts)
                    .satisfies(e -> assertThat(((SourceException) e).isRetryable()).isFalse());
            assertThat(logs.retries()).isEmpty();
        }
        assertThat(server.authAttempts).hasValue(0);
        assertThat(knownHosts).hasContent(before.strip());
    }

    @Test
    void the_ssh_directory_of_the_daemon_user_is_never_consulted() throws Exception {
        remote.write("main.tf", "# ssh\n").commit("over ssh");
        // a home whose ~/.ssh would let the fetch succeed: the right key and the right host key
        Path home = tmp.resolve("home");
        Path dotSsh = Files.createDirectories(home.resolve(".ssh"));
        SshGitServer.writePrivateKey(server.clientKey, dotSsh.resolve("id_ecdsa"));
        server.writeKnownHosts(server.hostKey.getPublic(), dotSsh.resolve("known_hosts"));
        Path goodKnownHosts = server.writeKnownHosts(server.hostKey.getPublic(), keys.resolve("known_hosts"));
        Path badKnownHosts = server.writeKnownHosts(SshGitServer.generate().getPublic(), keys.resolve("other_hosts"));
        Path goodKey = SshGitServer.writePrivateKey(server.clientKey, keys.resolve("id_good"));
        Path badKey = SshGitServer.writePrivateKey(SshGitServer.generate(), keys.resolve("id_bad"));
        File realHome = FS.DETECTED.userHome();
        FS.DETECTED.setUserHome(home.toFile());
        try {
            assertThatThrownBy(() -> fetch(new GitRemote.Auth.SshKey(goodKey, badKnownHosts)))
                    .hasMessageContaining("host key is not listed");
            assertThatThrownBy(() -> fetch(new GitRemote.Auth.SshKey(badKey, goodKnownHosts)))
                    .hasMessageContaining("authentication failed");
            assertThat(fetch(new GitRemote.Auth.SshKey(goodKey, goodKnownHosts)).subject()).isEqualTo("over ssh");
        } finally {
            FS.DETECTED.setUserHome(realHome);
        }
    }

    private Revision fetch(GitRemote.Auth auth) {
        try (GitMirror mirror = new GitMirror(new GitRemote("infra", server.url(), "main", auth), tmp.resolve("data"),
                FAST)) {
            return mirror.fetch();
        }
    }

    @Test
    void a_key_the_server_does_not_accept_is_refused_at_once() throws Exception {
        remote.write("main.tf", "# ssh\n").commit("over ssh");
        GitRemote.Auth auth = new GitRemote.Auth.SshKey(
                SshGitServer.writePrivateKey(SshGitServer.generate(), keys.resolve("other_key")),
                server.writeKnownHosts(server.hostKey.getPublic(), keys.resolve("known_hosts")));

        try (GitMirror mirror = new GitMirror(new GitRemote("infra", server.url(), "main", auth), tmp.resolve("data"),
                FAST); LogCapture logs = new LogCapture()) {
            assertThatThrownBy(mirror::fetch)
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("repo 'infra'")
                    .hasMessageContaining("authentication failed");
            assertThat(logs.retries()).isEmpty();
        }
    }
}

package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GitRemoteTest {
    static final GitRemote.Auth SSH = new GitRemote.Auth.SshKey(Path.of("/keys/id"), Path.of("/keys/known_hosts"));

    @Test
    void the_supported_url_forms_are_accepted() {
        assertThat(GitRemote.of("a", "file:///srv/git/a.git", "main").url()).isEqualTo("file:///srv/git/a.git");
        assertThat(GitRemote.of("a", "https://github.com/org/a.git", "main").displayUrl())
                .isEqualTo("https://github.com/org/a.git");
        assertThat(GitRemote.of("a", "http://127.0.0.1:8080/a.git", "main").auth())
                .isInstanceOf(GitRemote.Auth.None.class);
        assertThat(new GitRemote("a", "ssh://git@github.com/org/a.git", "main", SSH).displayUrl())
                .isEqualTo("ssh://github.com/org/a.git");
        assertThat(new GitRemote("a", "git@github.com:org/a.git", "release/v1", SSH).displayUrl())
                .isEqualTo("github.com:org/a.git");
    }

    @Test
    void user_info_is_stripped_from_the_display_url() {
        assertThat(GitRemote.of("a", "https://bot@github.com/org/a.git", "main").displayUrl())
                .isEqualTo("https://github.com/org/a.git");
    }

    @Test
    void a_password_in_the_url_is_refused_without_repeating_it() {
        assertThatThrownBy(() -> GitRemote.of("a", "https://bot:s3cret-value@github.com/org/a.git", "main"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repo 'a'")
                .hasMessageContaining("must not contain a password")
                .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void plain_http_is_refused_except_to_loopback() {
        assertThatThrownBy(() -> GitRemote.of("a", "http://git.example.com/a.git", "main"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only allowed to localhost");
    }

    @Test
    void auth_must_fit_the_url() {
        assertThatThrownBy(() -> GitRemote.of("a", "git@github.com:org/a.git", "main"))
                .hasMessageContaining("needs an SSH key and a known_hosts file");
        assertThatThrownBy(() -> new GitRemote("a", "file:///srv/a.git", "main",
                new GitRemote.Auth.Token(null, () -> "t")))
                .hasMessageContaining("token authentication needs an https url");
        assertThatThrownBy(() -> new GitRemote("a", "https://github.com/org/a.git", "main", SSH))
                .hasMessageContaining("SSH key authentication needs an ssh url");
    }

    @Test
    void names_branches_and_urls_are_validated() {
        assertThatThrownBy(() -> GitRemote.of("../etc", "file:///srv/a.git", "main"))
                .hasMessageContaining("invalid repo name '../etc'");
        assertThatThrownBy(() -> GitRemote.of("a", "file:///srv/a.git", "bad..branch"))
                .hasMessageContaining("invalid branch name 'bad..branch'");
        assertThatThrownBy(() -> GitRemote.of("a", "/srv/a.git", "main"))
                .hasMessageContaining("unsupported url");
        assertThatThrownBy(() -> GitRemote.of("a", "ftp://host/a.git", "main"))
                .hasMessageContaining("unsupported url");
    }
}

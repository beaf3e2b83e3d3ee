package dev.plumbline.source;

import dev.plumbline.domain.Hosts;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * A configured Git repository: where it lives, which branch Plumbline follows and how to authenticate.
 *
 * <p>Accepted URLs: {@code file://}, {@code https://}, {@code http://} to a loopback address only (a token must
 * not travel in clear text), {@code ssh://} and the scp-like {@code git@host:path}. A password in the URL is
 * refused: secrets belong in {@link Auth.Token}, where they are resolved at fetch time and never printed.
 *
 * @param name   the repo name, also the name of its mirror directory
 * @param url    where to fetch from
 * @param branch the tracked branch, without {@code refs/heads/}
 * @param auth   how to authenticate
 */
public record GitRemote(String name, String url, String branch, Auth auth) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern SCHEME_USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");
    private static final Pattern SCP_USERINFO = Pattern.compile("^[^/@:]+@");

    /** How to authenticate against the remote. */
    public sealed interface Auth permits Auth.None, Auth.Token, Auth.SshKey {
        /** Public repositories and local paths. */
        record None() implements Auth {
        }

        /**
         * HTTPS basic authentication with a token as password. The supplier is called on every fetch, so a
         * rotated secret is picked up without a restart.
         */
        record Token(String username, Supplier<String> token) implements Auth {
            public static final String DEFAULT_USERNAME = "x-access-token";

            public Token {
                username = username == null || username.isBlank() ? DEFAULT_USERNAME : username;
                Objects.requireNonNull(token, "token supplier");
            }

            @Override
            public String toString() {
                return "Token[username=" + username + ", token=***]";
            }
        }

        /** A private key file and the known_hosts file the server's key must be listed in (strict checking). */
        record SshKey(Path privateKey, Path knownHosts) implements Auth {
            public SshKey {
                Objects.requireNonNull(privateKey, "SSH private key file");
                Objects.requireNonNull(knownHosts, "SSH known_hosts file");
            }
        }
    }

    public GitRemote {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid repo name '" + name
                    + "': use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (branch == null || !Repository.isValidRefName("refs/heads/" + branch)) {
            throw new IllegalArgumentException("repo '" + name + "': invalid branch name '" + branch + "'");
        }
        auth = auth == null ? new Auth.None() : auth;
        checkUrl(name, url, auth);
    }

    /** A remote without authentication. */
    public static GitRemote of(String name, String url, String branch) {
        return new GitRemote(name, url, branch, new Auth.None());
    }

    /** The URL with any user name or password removed, safe for logs and messages. */
    public String displayUrl() {
        return redact(url);
    }

    static String redact(String url) {
        if (url == null) {
            return null;
        }
        if (SCHEME_USERINFO.matcher(url).find()) {
            return SCHEME_USERINFO.matcher(url).replaceFirst("$1");
        }
        return url.contains("://") ? url : SCP_USERINFO.matcher(url).replaceFirst("");
    }

    private static void checkUrl(String name, String url, Auth auth) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("repo '" + name + "': url is missing");
        }
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            // the message of URISyntaxException repeats the input, which may hold a secret
            throw new IllegalArgumentException("repo '" + name + "': invalid url '" + redact(url) + "'");
        }
        if (uri.getPass() != null) {
            throw new IllegalArgumentException("repo '" + name + "': the url must not contain a password;"
                    + " configure token authentication instead");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String kind = scheme != null ? scheme : uri.getHost() != null ? "ssh" : "local path";
        switch (kind) {
            case "file", "https" -> { }
            case "http" -> {
                if (!Hosts.isLoopback(uri.getHost())) {
                    throw new IllegalArgumentException("repo '" + name + "': plain http is only allowed to"
                            + " localhost, use https for " + redact(url));
                }
            }
            case "ssh" -> {
                if (!(auth instanceof Auth.SshKey)) {
                    throw new IllegalArgumentException("repo '" + name + "': an ssh url needs an SSH key and a"
                            + " known_hosts file (" + redact(url) + ")");
                }
            }
            default -> throw new IllegalArgumentException("repo '" + name + "': unsupported url '" + redact(url)
                    + "': use file://, https://, ssh:// or git@host:path");
        }
        if (auth instanceof Auth.Token && !kind.startsWith("http")) {
            throw new IllegalArgumentException("repo '" + name + "': token authentication needs an https url, got "
                    + redact(url));
        }
        if (auth instanceof Auth.SshKey && !kind.equals("ssh")) {
            throw new IllegalArgumentException("repo '" + name + "': SSH key authentication needs an ssh url, got "
                    + redact(url));
        }
    }
}

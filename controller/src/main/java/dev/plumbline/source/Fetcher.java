package dev.plumbline.source;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fetch of a mirror against its remote, retrying what may pass by itself (the network, the server) and
 * failing at once on what will not (credentials, host keys, a ref the remote does not have).
 */
final class Fetcher {
    private static final Logger LOG = LoggerFactory.getLogger(GitMirror.class);
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");
    private static final List<String> AUTH_SIGNS = List.of("not authorized", "authentication", "auth fail",
            "permission denied", "not permitted", "forbidden", "host key", "server key", "known_hosts",
            "no keys", "key did not validate", "credentials");

    private final GitRemote remote;
    private final RemoteAccess access;
    private final RetryPolicy retry;

    Fetcher(GitRemote remote, RemoteAccess access, RetryPolicy retry) {
        this.remote = remote;
        this.access = access;
        this.retry = retry;
    }

    /**
     * Fetches the given ref specs; {@code what} names them for messages ("branch 'main'").
     *
     * @throws SourceException once attempts are used up, or at once for a failure that a retry cannot fix
     */
    void fetch(Repository repository, List<RefSpec> specs, String what) {
        String doing = "fetching " + what + " of repo '" + remote.name() + "' from " + remote.displayUrl();
        for (int attempt = 1; ; attempt++) {
            Failure failure = tryOnce(repository, specs);
            if (failure == null) {
                return;
            }
            if (!failure.retryable()) {
                throw new SourceException(doing + ": " + failure.reason(), failure.error());
            }
            if (attempt >= retry.attempts()) {
                throw new SourceException(doing + ": gave up after " + attempt + " attempt(s): " + failure.reason(),
                        failure.error(), true);
            }
            Duration delay = retry.delayAfter(attempt);
            LOG.warn("{}: attempt {} of {} failed, retrying in {} ms: {}", doing, attempt, retry.attempts(),
                    delay.toMillis(), failure.reason());
            sleep(delay, doing);
        }
    }

    private record Failure(String reason, Exception error, boolean retryable) {
    }

    private Failure tryOnce(Repository repository, List<RefSpec> specs) {
        String secret = null;
        try (Git git = new Git(repository)) {
            FetchCommand command = git.fetch()
                    .setRemote(remote.url())
                    .setRefSpecs(specs)
                    .setRemoveDeletedRefs(false)
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout((int) Math.min(Integer.MAX_VALUE, retry.timeout().toSeconds()));
            secret = access.apply(command);
            command.call();
            return null;
        } catch (GitAPIException | JGitInternalException e) {
            // JGit repeats the URL in every nested message; the prefix of ours already names it once
            String cause = clean(causeText(e).replace(remote.url() + ": ", ""), secret);
            for (RefSpec spec : specs) {
                if (cause.contains("does not have " + spec.getSource())) {
                    return new Failure("the remote has no " + describe(spec.getSource()), e, false);
                }
            }
            if (isAuthFailure(cause)) {
                return new Failure("authentication failed: " + hostKeyHint(cause) + cause, e, false);
            }
            return new Failure(cause, e, true);
        }
    }

    private static String describe(String ref) {
        return ref.startsWith("refs/heads/") ? "branch '" + ref.substring("refs/heads/".length()) + "'"
                : "ref '" + ref + "'";
    }

    private String hostKeyHint(String cause) {
        String lower = cause.toLowerCase(Locale.ROOT);
        if (remote.auth() instanceof GitRemote.Auth.SshKey key && (lower.contains("server key")
                || lower.contains("host key"))) {
            return "the server's host key is not listed in " + key.knownHosts() + ": ";
        }
        return "";
    }

    private static boolean isAuthFailure(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return AUTH_SIGNS.stream().anyMatch(lower::contains);
    }

    /** The messages of the cause chain, outermost first, without repeats: JGit often nests the same text. */
    private static String causeText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    /**
     * Strips user names and passwords from URLs in a message, and the secret itself if a server echoed it; joins
     * lines (JGit lists each SSH authentication step on a line of its own) so that the message fits a log line.
     */
    static String clean(String message, String secret) {
        String cleaned = USERINFO.matcher(message.strip().replaceAll("\\s*\\R\\s*", "; ")).replaceAll("$1");
        return secret == null || secret.isEmpty() ? cleaned : cleaned.replace(secret, "***");
    }

    private static void sleep(Duration delay, String doing) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(doing + ": interrupted while waiting to retry", e);
        }
    }
}

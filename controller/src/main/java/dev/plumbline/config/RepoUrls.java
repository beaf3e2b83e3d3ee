package dev.plumbline.config;

import dev.plumbline.domain.Hosts;
import dev.plumbline.util.Echo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which repository URLs are accepted. The rules keep secrets and clear-text transport out: no credentials inside
 * the URL (they would be printed wherever the URL is), and plain {@code http://} only to this machine.
 */
final class RepoUrls {
    enum Transport { FILE, HTTPS, HTTP, SSH }

    // git@host:path, git's scp-like syntax; a user is required so that C:-style or bare host:path typos are not
    // taken for it.
    private static final Pattern SCP_LIKE = Pattern.compile("([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(.+)");
    private static final String USE_CREDENTIALS =
            "must not embed credentials; remove them from the URL and use credentials: {token_env: NAME} or "
                    + "{token_file: /path} (or {ssh_key_file: /path} for ssh)";

    private RepoUrls() { }

    /** The transport the URL uses, or null after recording what is wrong with it at {@code path}. */
    static Transport check(String url, String path, Problems problems) {
        if (url.isBlank()) {
            problems.add(path, "must not be empty");
            return null;
        }
        if (!url.contains("://")) {
            return scpLike(url, path, problems);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The URI parser quotes its input; the URL may hold a secret, so only the reason is kept.
            problems.add(path, "is not a valid URL: " + e.getReason());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    problems.add(path, "names no directory: write file:///absolute/path");
                    return null;
                }
                return Transport.FILE;
            case "https":
            case "http":
            case "ssh":
                return network(uri, scheme, path, problems);
            default:
                problems.add(path, "must start with https://, ssh://, file:// (or http:// for this machine) or be "
                        + "written git@host:path; the scheme " + Echo.quote(scheme) + " is not supported");
                return null;
        }
    }

    private static Transport network(URI uri, String scheme, String path, Problems problems) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && (!scheme.equals("ssh") || userInfo.contains(":"))) {
            problems.add(path, USE_CREDENTIALS);
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            problems.add(path, "names no host");
            return null;
        }
        if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
            problems.add(path, "names no repository path on " + host);
            return null;
        }
        if (scheme.equals("http")) {
            if (!Hosts.isLoopback(host)) {
                problems.add(path, "http:// sends everything in clear text and is only allowed for this machine "
                        + "(localhost, 127.0.0.1, ::1); use https://");
                return null;
            }
            return Transport.HTTP;
        }
        return scheme.equals("ssh") ? Transport.SSH : Transport.HTTPS;
    }

    private static Transport scpLike(String url, String path, Problems problems) {
        int at = url.indexOf('@');
        if (at > 0 && url.substring(0, at).contains(":")) {
            problems.add(path, USE_CREDENTIALS);
            return null;
        }
        Matcher m = SCP_LIKE.matcher(url);
        if (!m.matches()) {
            String shown = at >= 0 ? "" : ", got " + Echo.quote(url);
            problems.add(path, "must start with https://, ssh://, file:// (or http:// for this machine) or be "
                    + "written git@host:path" + shown);
            return null;
        }
        return Transport.SSH;
    }

}

package dev.plumbline.config;

import dev.plumbline.domain.Hosts;
import dev.plumbline.util.Echo;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The meaning of a repo's {@code vcs:} entry: the provider's defaults, and each value checked. */
final class VcsRules {
    private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern GITLAB_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");

    private final Problems problems;
    /** Webhooks are routed to a repo by provider and project, so one project may belong to one repo only. */
    private final Map<String, String> projects = new HashMap<>();

    VcsRules(Problems problems) {
        this.problems = problems;
    }

    /** The validated entry; null when there is none, or when a problem was recorded. */
    VcsConfig apply(RawDaemonConfig.Vcs v) {
        if (v == null) {
            return null;
        }
        VcsConfig.Provider provider = provider(v.provider(), v.at() + ".provider");
        URI api = provider == null ? null : apiUrl(v.apiUrl(), provider, v.at() + ".api_url");
        String project = provider == null ? null : project(v.project(), provider, v.at() + ".project");
        String tokenEnv = envName(v.tokenEnv(), v.at() + ".token_env", true);
        String secretEnv = envName(v.webhookSecretEnv(), v.at() + ".webhook_secret_env", false);
        Duration lockMaxAge = Durations.parse(v.lockMaxAge(), VcsConfig.DEFAULT_LOCK_MAX_AGE,
                v.at() + ".lock_max_age", problems);
        if (api == null || project == null || tokenEnv == null) {
            return null;
        }
        String key = provider.wire() + " " + api + " " + project.toLowerCase(Locale.ROOT);
        String other = projects.putIfAbsent(key, v.at());
        if (other != null) {
            problems.add(v.at() + ".project", Echo.quote(project) + " is already the project of " + other);
            return null;
        }
        return new VcsConfig(provider, api, project, tokenEnv, secretEnv, Boolean.TRUE.equals(v.applyOnComment()),
                lockMaxAge);
    }

    private VcsConfig.Provider provider(String text, String at) {
        if (text == null) {
            problems.addUnlessSaid(at, "must be set: github or gitlab");
            return null;
        }
        try {
            return VcsConfig.Provider.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(at, "must be github or gitlab, got " + Echo.quote(text));
            return null;
        }
    }

    // The token travels in every call's headers: https only, or http to this machine (a test double, a proxy).
    private URI apiUrl(String text, VcsConfig.Provider provider, String at) {
        if (text == null) {
            return provider.defaultApiUrl();
        }
        String t = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            problems.add(at, "is not a valid URL: " + e.getReason());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            problems.add(at, "must be a plain URL like " + provider.defaultApiUrl() + ", with a host and no user, "
                    + "query or fragment");
            return null;
        }
        if (scheme.equals("http") && Hosts.isLoopback(uri.getHost())) {
            return uri;
        }
        if (!scheme.equals("https")) {
            problems.add(at, "must start with https:// (http:// only for this machine), got " + Echo.quote(text));
            return null;
        }
        return uri;
    }

    private String project(String text, VcsConfig.Provider provider, String at) {
        if (text == null || text.isBlank()) {
            problems.addUnlessSaid(at, "must be set: " + (provider == VcsConfig.Provider.GITHUB ? "owner/name"
                    : "the project path, group/project"));
            return null;
        }
        Pattern shape = provider == VcsConfig.Provider.GITHUB ? GITHUB_REPO : GITLAB_PATH;
        if (text.length() > 255 || !shape.matcher(text).matches()) {
            problems.add(at, (provider == VcsConfig.Provider.GITHUB ? "must be owner/name"
                    : "must be a project path like group/project") + ", got " + Echo.quote(text));
            return null;
        }
        return text;
    }

    private String envName(String text, String at, boolean required) {
        if (text == null) {
            if (required) {
                problems.add(at, "must be set: the environment variable that holds the API token");
            }
            return null;
        }
        if (!DaemonConfigRules.ENV_NAME.matcher(text).matches()) {
            problems.add(at, "must be an environment variable name (letters, digits and '_', not starting with a "
                    + "digit), got " + Echo.quote(text));
            return null;
        }
        return text;
    }
}

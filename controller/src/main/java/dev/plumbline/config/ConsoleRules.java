package dev.plumbline.config;

import dev.plumbline.domain.Hosts;
import dev.plumbline.util.Echo;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/** The meaning of the daemon's {@code console} section; every problem names its field. */
final class ConsoleRules {
    static final List<String> ROLES = List.of("viewer", "operator", "admin");
    private static final Duration MIN_SESSION = Duration.ofMinutes(5);
    private static final Duration MAX_SESSION = Duration.ofDays(30);

    private final Problems problems;
    private final BiFunction<String, String, Path> paths;

    ConsoleRules(Problems problems, BiFunction<String, String, Path> paths) {
        this.problems = problems;
        this.paths = paths;
    }

    ConsoleConfig apply(RawDaemonConfig.Console c) {
        if (c == null) {
            return ConsoleConfig.NONE;
        }
        Duration maxAge = Durations.parse(c.sessionMaxAge(), ConsoleConfig.DEFAULT_SESSION_MAX_AGE,
                "console.session_max_age", problems);
        if (maxAge != null && (maxAge.compareTo(MIN_SESSION) < 0 || maxAge.compareTo(MAX_SESSION) > 0)) {
            problems.add("console.session_max_age", "must be from 5m to 720h, got " + Echo.quote(c.sessionMaxAge()));
        }
        return new ConsoleConfig(oidc(c.oidc()), maxAge);
    }

    private ConsoleConfig.Oidc oidc(RawDaemonConfig.Oidc o) {
        if (o == null) {
            return null;
        }
        String at = "console.oidc.";
        URI issuer = issuer(o.issuer());
        if (o.clientId() == null || o.clientId().isBlank()) {
            problems.addUnlessSaid(at + "client_id", "must be set: the client id registered with the provider");
        }
        if (o.clientSecretEnv() != null && o.clientSecretFile() != null) {
            problems.add("console.oidc", "set only one of client_secret_env and client_secret_file");
        }
        if (o.clientSecretEnv() != null && !DaemonConfigRules.ENV_NAME.matcher(o.clientSecretEnv()).matches()) {
            problems.add(at + "client_secret_env", "must be an environment variable name (letters, digits and '_', "
                    + "not starting with a digit), got " + Echo.quote(o.clientSecretEnv()));
        }
        String claim = o.rolesClaim() == null ? "groups" : o.rolesClaim();
        if (claim.isBlank()) {
            problems.add(at + "roles_claim", "must not be empty");
        }
        Map<String, List<String>> roles = new LinkedHashMap<>();
        o.roles().forEach((role, values) -> {
            List<String> kept = values.stream().filter(Objects::nonNull).toList();
            if (kept.isEmpty()) {
                problems.add(at + "roles." + role, "must list at least one value of the " + claim + " claim");
            }
            roles.put(role, kept);
        });
        if (o.roles().isEmpty()) {
            problems.add(at + "roles", "must map at least one of viewer, operator and admin to values of "
                    + "the " + claim + " claim: nobody could sign in");
        }
        return new ConsoleConfig.Oidc(issuer, o.clientId(), o.clientSecretEnv(),
                paths.apply(o.clientSecretFile(), at + "client_secret_file"), claim, roles);
    }

    private URI issuer(String text) {
        if (text == null) {
            problems.addUnlessSaid("console.oidc.issuer", "must be set: the provider's issuer URL");
            return null;
        }
        try {
            URI uri = new URI(text);
            boolean loopback = "http".equals(uri.getScheme()) && Hosts.isLoopback(uri.getHost());
            if (!"https".equals(uri.getScheme()) && !loopback) {
                problems.add("console.oidc.issuer", "must be an https:// URL (http:// only on a loopback address), "
                        + "got " + Echo.quote(text));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add("console.oidc.issuer", "is not a URL: " + Echo.quote(text));
            return null;
        }
    }

    /** Reads the raw section; {@code roles} keys other than the three roles are reported. */
    static RawDaemonConfig.Console read(Fields c) {
        if (c == null) {
            return null;
        }
        RawDaemonConfig.Oidc oidc = null;
        Fields o = c.mappingOrNull("oidc");
        if (o != null) {
            o.refuse("client_secret", "a secret must not be written in the config: put it in an environment "
                    + "variable or a file and name that with client_secret_env or client_secret_file");
            Fields r = o.mapping("roles");
            Map<String, List<String>> roles = new LinkedHashMap<>();
            for (String role : ROLES) {
                List<String> values = r.strings(role);
                if (r.has(role)) {
                    roles.put(role, values);
                }
            }
            r.rejectUnknown();
            oidc = new RawDaemonConfig.Oidc(o.string("issuer"), o.string("client_id"), o.string("client_secret_env"),
                    o.string("client_secret_file"), o.string("roles_claim"), roles);
            o.rejectUnknown();
        }
        RawDaemonConfig.Console console = new RawDaemonConfig.Console(oidc, c.string("session_max_age"));
        c.rejectUnknown();
        return console;
    }
}

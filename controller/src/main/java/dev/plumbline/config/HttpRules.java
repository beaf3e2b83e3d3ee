package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The daemon's {@code http} section, as written ({@link #read}) and its meaning ({@link #apply}): where to listen,
 * and the keystore when the daemon speaks HTTPS itself. The keystore is only named here; it is opened when the
 * server starts (see {@link TlsSettings}).
 */
final class HttpRules {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%_\\[\\]-]+");

    private final Problems problems;
    private final BiFunction<String, String, Path> paths;

    /** {@code paths} resolves a path written in the file (text, field) against the file's directory. */
    HttpRules(Problems problems, BiFunction<String, String, Path> paths) {
        this.problems = problems;
        this.paths = paths;
    }

    /** The section as written. */
    static RawDaemonConfig.Http read(Fields h) {
        RawDaemonConfig.Http http = new RawDaemonConfig.Http(h.string("bind"), h.integer("port"),
                h.bool("behind_proxy"), tls(h));
        h.rejectUnknown();
        return http;
    }

    // "tls:" with nothing after it asks for TLS without saying how: read as an empty mapping, so the missing
    // keystore is what gets reported.
    private static RawDaemonConfig.Tls tls(Fields h) {
        Fields t = h.mappingOrNull("tls");
        if (t == null && !h.names().contains("tls")) {
            return null;
        }
        if (t == null) {
            t = Fields.of(null, h.path("tls"), h.problems());
        }
        String secretElsewhere = "a secret must not be written in the config: put it in an environment variable "
                + "and name that with keystore_password_env";
        t.refuse("password", secretElsewhere);
        t.refuse("keystore_password", secretElsewhere);
        RawDaemonConfig.Tls tls = new RawDaemonConfig.Tls(t.string("keystore_file"), t.string("keystore_password_env"));
        t.rejectUnknown();
        return tls;
    }

    HttpSettings apply(RawDaemonConfig.Http h) {
        String bind = h.bind() == null ? HttpSettings.DEFAULT.bind() : h.bind();
        if (bind.isBlank()) {
            problems.add("http.bind", "must not be empty");
        } else if (!HOST.matcher(bind).matches()) {
            problems.add("http.bind", "must be an IP address or host name, got " + Echo.quote(bind));
        }
        int port = HttpSettings.DEFAULT.port();
        if (h.port() != null) {
            port = h.port();
            if (port < 0 || port > 65535) {
                problems.add("http.port", "must be between 0 and 65535 (0 picks a free port), got " + port);
            }
        }
        return new HttpSettings(bind, port, Boolean.TRUE.equals(h.behindProxy()), tls(h.tls()));
    }

    private TlsSettings tls(RawDaemonConfig.Tls t) {
        if (t == null) {
            return null;
        }
        if (t.keystoreFile() == null && t.keystorePasswordEnv() == null) {
            problems.addUnlessSaid("http.tls", "must set keystore_file (a PKCS12 keystore holding the server's"
                    + " private key and certificate) and keystore_password_env (the variable holding its password)");
            return new TlsSettings(null, null);
        }
        Path keystore = null;
        if (t.keystoreFile() == null) {
            problems.addUnlessSaid("http.tls.keystore_file", "must be set: the PKCS12 keystore (.p12) holding the"
                    + " server's private key and certificate");
        } else {
            keystore = paths.apply(t.keystoreFile(), "http.tls.keystore_file");
        }
        String env = t.keystorePasswordEnv();
        if (env == null) {
            problems.addUnlessSaid("http.tls.keystore_password_env", "must be set: the environment variable that"
                    + " holds the keystore's password");
        } else if (!DaemonConfigRules.ENV_NAME.matcher(env).matches()) {
            problems.add("http.tls.keystore_password_env", "must be an environment variable name (letters, digits"
                    + " and '_', not starting with a digit), got " + Echo.quote(env));
        }
        return new TlsSettings(keystore, env);
    }
}

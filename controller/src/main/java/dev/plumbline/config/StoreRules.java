package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The meaning of the daemon's {@code store} section: a PostgreSQL server's database, named by a
 * {@code jdbc:postgresql://host[:port][,host2[:port]]/database[?parameters]} URL. The password is never part of
 * the URL (it would be shown wherever the URL is), and neither is the user, which has a field of its own.
 * Messages repeat the URL without its parameters, and not at all when it holds an '@'.
 */
final class StoreRules {
    static final String PREFIX = "jdbc:postgresql://";
    static final int MAX_POOL_SIZE = 1000;
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:(\\d{1,5}))?");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$.-]{1,63}");

    private final Problems problems;
    private final BiFunction<String, String, Path> paths;
    private final StoreConfig.Fields fields;

    /** {@code paths} resolves a path written in the file (text, field) against the file's directory. */
    StoreRules(Problems problems, BiFunction<String, String, Path> paths) {
        this(problems, paths, StoreConfig.Fields.CONFIG);
    }

    /** The same rules for values named otherwise: a command's options. */
    StoreRules(Problems problems, BiFunction<String, String, Path> paths, StoreConfig.Fields fields) {
        this.problems = problems;
        this.paths = paths;
        this.fields = fields;
    }

    /** The section's meaning; null when the file has none. */
    StoreConfig apply(RawDaemonConfig.Store s) {
        if (s == null) {
            return null;
        }
        if (s.url() == null) {
            problems.addUnlessSaid(fields.url(), "must be set: a " + PREFIX + "host:port/database URL");
        } else {
            url(s.url());
        }
        if (s.user() == null) {
            problems.addUnlessSaid(fields.user(), "must be set: the PostgreSQL role the daemon logs in as");
        } else if (s.user().isBlank()) {
            problems.add(fields.user(), "must not be empty");
        }
        if (s.passwordEnv() != null && s.passwordFile() != null) {
            problems.add(fields.section(), "set only one of " + passwordFields(" and "));
        }
        if (s.passwordEnv() != null && !DaemonConfigRules.ENV_NAME.matcher(s.passwordEnv()).matches()) {
            problems.add(fields.passwordEnv(), "must be an environment variable name (letters, digits and '_', "
                    + "not starting with a digit), got " + Echo.quote(s.passwordEnv()));
        }
        int poolSize = StoreConfig.DEFAULT_POOL_SIZE;
        if (s.poolSize() != null) {
            poolSize = s.poolSize();
            if (poolSize < 2 || poolSize > MAX_POOL_SIZE) {
                problems.add(fields.poolSize(), "must be between 2 and " + MAX_POOL_SIZE + " (the scheduler "
                        + "needs a connection beside the runs'), got " + poolSize);
            }
        }
        return new StoreConfig(problems.file(), s.url(), s.user(), s.passwordEnv(),
                paths.apply(s.passwordFile(), fields.passwordFile()), poolSize, fields);
    }

    /** "password_env or password_file", as the section calls them. */
    private String passwordFields(String joiner) {
        return fields.key(fields.passwordEnv()) + joiner + fields.key(fields.passwordFile());
    }

    private void url(String url) {
        int query = url.indexOf('?');
        String server = query < 0 ? url : url.substring(0, query);
        if (server.contains("@")) {
            problems.add(fields.url(), "must not hold a user or password before '@': name the user with "
                    + fields.user() + " and the password with " + passwordFields(" or "));
            return;
        }
        if (!server.startsWith(PREFIX)) {
            String why = !server.startsWith("jdbc:h2:") ? ""
                    : fields.equals(StoreConfig.Fields.CONFIG) ? "; the embedded H2 database is the default: leave the "
                    + "store section out to use it" : "; the embedded H2 database is not a server";
            problems.add(fields.url(), "must be a PostgreSQL URL like " + PREFIX + "db.example.com:5432/plumbline, "
                    + "got " + Echo.quote(server) + why);
            return;
        }
        String rest = server.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        for (String host : hosts.split(",", -1)) {
            if (!validHost(host)) {
                problems.add(fields.url(), "names no valid host[:port] in " + Echo.quote(server)
                        + " (a port is 1 to 65535)");
                return;
            }
        }
        if (!DATABASE.matcher(database).matches()) {
            problems.add(fields.url(), "must end in /<database> (letters, digits, '_', '$', '.' or '-'), got "
                    + Echo.quote(server));
        }
        if (query >= 0) {
            parameters(url.substring(query + 1));
        }
    }

    private static boolean validHost(String host) {
        var m = HOST.matcher(host);
        if (!m.matches()) {
            return false;
        }
        if (m.group(3) == null) {
            return true;
        }
        int port = Integer.parseInt(m.group(3));
        return port >= 1 && port <= 65535;
    }

    /** Only the names are looked at, and only names are repeated: a value may be a secret written by mistake. */
    private void parameters(String query) {
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("password")) {
                problems.add(fields.url(), "must not hold the password, which would show wherever the URL is: put "
                        + "it in an environment variable or a file and name that with " + passwordFields(" or "));
            } else if (lower.equals("user")) {
                problems.add(fields.url(), "must not name the user: that is " + fields.user());
            }
        }
    }
}

package dev.plumbline.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives when the daemon config has a {@code store:} section: a database on a PostgreSQL server.
 * Without the section the store is the embedded H2 file in {@code data_dir}. Like repository credentials, the
 * password is a reference (an environment variable or a file, or neither for a server that needs none), read by
 * {@link #password} when the store is opened; no value here ever holds it. {@code configFile} names the file in
 * errors (or the command whose options these are), {@code fields} what the messages call each value.
 */
public record StoreConfig(String configFile, String url, String user, String passwordEnv, Path passwordFile,
                          int poolSize, Fields fields) {
    /** Enough for a daemon's runs, its scheduler and its HTTP pages at once. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /**
     * The names of the values in messages: the daemon config's keys ({@code store.url}), or a command's options
     * ({@code --url}) when a command takes a server of its own.
     */
    public record Fields(String section, String url, String user, String passwordEnv, String passwordFile,
                         String poolSize) {
        public static final Fields CONFIG = new Fields("store", "store.url", "store.user", "store.password_env",
                "store.password_file", "store.pool_size");

        /** How a field is named within its section: {@code password_env} in the config, the option itself else. */
        String key(String field) {
            return field.startsWith(section + ".") ? field.substring(section.length() + 1) : field;
        }
    }

    /** A store of the daemon config's {@code store:} section. */
    public StoreConfig(String configFile, String url, String user, String passwordEnv, Path passwordFile,
                       int poolSize) {
        this(configFile, url, user, passwordEnv, passwordFile, poolSize, Fields.CONFIG);
    }

    /**
     * A PostgreSQL server given on a command line ({@code command}'s options, named by {@code fields}), held to the
     * rules of the config's {@code store:} section; a relative password file is taken from the working directory.
     * Throws a {@link ConfigException} of {@code command} listing every problem.
     */
    public static StoreConfig fromOptions(String command, Fields fields, String url, String user,
                                          String passwordEnv, Path passwordFile) {
        Problems problems = new Problems(command);
        StoreConfig store = new StoreRules(problems, (text, field) -> text == null ? null
                : Path.of(text).toAbsolutePath().normalize(), fields)
                .apply(new RawDaemonConfig.Store(url, user, passwordEnv,
                        passwordFile == null ? null : passwordFile.toString(), null));
        problems.throwIfAny();
        return store;
    }

    /** The URL without its parameters, for messages and {@code doctor}. */
    public String server() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /**
     * The password from the environment variable or the file; null when the config names neither. Errors name the
     * config file, the field and the variable or file, never the value.
     */
    public String password(Map<String, String> env) {
        if (passwordEnv != null) {
            String value = env.get(passwordEnv);
            if (value == null) {
                throw failure(fields.passwordEnv(), "environment variable " + passwordEnv + " is not set");
            }
            if (value.isEmpty()) {
                throw failure(fields.passwordEnv(), "environment variable " + passwordEnv + " is empty");
            }
            return value;
        }
        if (passwordFile != null) {
            // one line ending is the editor's, not the password's
            String value = SecretFile.read(passwordFile, "password file", m -> failure(fields.passwordFile(), m))
                    .replaceFirst("\r?\n\\z", "");
            if (value.isEmpty()) {
                throw failure(fields.passwordFile(), "password file " + passwordFile + " is empty");
            }
            return value;
        }
        return null;
    }

    private CredentialsException failure(String field, String cause) {
        return new CredentialsException("reading the store password: " + configFile + ": " + field + ": " + cause);
    }
}

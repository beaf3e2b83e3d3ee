package dev.plumbline.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives when the daemon config has a {@code store:} section: a database on a PostgreSQL server.
 * Without the section the store is the embedded H2 file in {@code data_dir}. Like repository credentials, the
 * password is a reference (an environment variable or a file, or neither for a server that needs none), read by
 * {@link #password} when the store is opened; no value here ever holds it. {@code configFile} names the file in
 * errors.
 */
public record StoreConfig(String configFile, String url, String user, String passwordEnv, Path passwordFile,
                          int poolSize) {
    /** Enough for a daemon's runs, its scheduler and its HTTP pages at once. */
    public static final int DEFAULT_POOL_SIZE = 10;

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
                throw failure("store.password_env", "environment variable " + passwordEnv + " is not set");
            }
            if (value.isEmpty()) {
                throw failure("store.password_env", "environment variable " + passwordEnv + " is empty");
            }
            return value;
        }
        if (passwordFile != null) {
            // one line ending is the editor's, not the password's
            String value = SecretFile.read(passwordFile, "password file", m -> failure("store.password_file", m))
                    .replaceFirst("\r?\n\\z", "");
            if (value.isEmpty()) {
                throw failure("store.password_file", "password file " + passwordFile + " is empty");
            }
            return value;
        }
        return null;
    }

    private CredentialsException failure(String field, String cause) {
        return new CredentialsException("reading the store password: " + configFile + ": " + field + ": " + cause);
    }
}

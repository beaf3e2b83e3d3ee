package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to authenticate to a repository: by reference only. The config names an environment variable or a file
 * that holds the secret, never the secret itself, so the config file can be shown, logged and committed. The
 * secret is read when it is needed ({@link Token#resolveToken}); no value here ever holds it.
 */
public sealed interface Credentials {

    enum Kind { NONE, TOKEN, SSH }

    Kind kind();

    /** Anonymous access, or whatever the transport finds on its own (a local {@code file://} repository). */
    Credentials NONE = new None();

    record None() implements Credentials {
        @Override
        public Kind kind() {
            return Kind.NONE;
        }
    }

    /**
     * An HTTPS token, sent as the password of {@code username}. Exactly one of {@code tokenEnv} and
     * {@code tokenFile} is set. {@code repo} is only there to name the repository in errors.
     */
    record Token(String repo, String username, String tokenEnv, Path tokenFile) implements Credentials {
        /** Sent when the config names no user: GitHub ignores the name, GitLab and Gitea accept any. */
        public static final String DEFAULT_USERNAME = "x-access-token";

        @Override
        public Kind kind() {
            return Kind.TOKEN;
        }

        /**
         * Reads the token from the environment variable or the file. Errors name the repository and the variable
         * or file, never the value.
         */
        public String resolveToken(Map<String, String> env) {
            if (tokenEnv != null) {
                String value = env.get(tokenEnv);
                if (value == null) {
                    throw failure("environment variable " + tokenEnv + " is not set");
                }
                if (value.isBlank()) {
                    throw failure("environment variable " + tokenEnv + " is empty");
                }
                return value.strip();
            }
            return readTokenFile();
        }

        private String readTokenFile() {
            String value = SecretFile.read(tokenFile, "token file", this::failure).strip();
            if (value.isEmpty()) {
                throw failure("token file " + tokenFile + " is empty");
            }
            return value;
        }

        private CredentialsException failure(String cause) {
            return new CredentialsException("resolving the token of repo " + Echo.quote(repo) + ": " + cause);
        }
    }

    /** An SSH private key; {@code knownHostsFile} null means the user's {@code ~/.ssh/known_hosts}. */
    record SshKey(Path keyFile, Path knownHostsFile) implements Credentials {
        @Override
        public Kind kind() {
            return Kind.SSH;
        }
    }
}

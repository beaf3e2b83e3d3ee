package dev.plumbline.config;

import java.nio.file.Path;

/**
 * {@code http.tls}: the daemon terminates TLS itself with the key and certificate of a PKCS12 keystore. The
 * keystore's password is never written in the config, only the name of the environment variable that holds it;
 * the keystore is opened when the server starts, so a missing file or a wrong password stops the start.
 */
public record TlsSettings(Path keystoreFile, String keystorePasswordEnv) { }

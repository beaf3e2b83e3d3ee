package dev.plumbline.http;

import dev.plumbline.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The daemon's own TLS: the opened keystore of {@code http.tls}, and the HTTPS connector that serves with it. The
 * keystore is opened (and its password tried) before the server starts, so that a missing file or a wrong
 * password stops the start with a message naming the file, rather than failing each handshake later.
 */
public final class Tls {
    private static final String FILE_FIELD = "http.tls.keystore_file";
    private static final String ENV_FIELD = "http.tls.keystore_password_env";

    private final KeyStore keystore;
    private final String password;

    private Tls(KeyStore keystore, String password) {
        this.keystore = keystore;
        this.password = password;
    }

    /** Opens the keystore with the password read from {@code env}; refuses, naming file and field, when it cannot. */
    public static Tls open(TlsSettings settings, Function<String, String> env) {
        String password = env.apply(settings.keystorePasswordEnv());
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("starting the HTTP server: " + ENV_FIELD + " "
                    + settings.keystorePasswordEnv() + ": is not set in the daemon's environment");
        }
        Path file = settings.keystoreFile();
        KeyStore keystore = load(file, password, settings.keystorePasswordEnv());
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(keystore.aliases())) {
                hasKey |= keystore.isKeyEntry(alias) && keystore.getCertificate(alias) != null;
            }
            if (!hasKey) {
                throw refused(file, "holds no private key with its certificate");
            }
        } catch (GeneralSecurityException e) {
            throw refused(file, "reading its entries: " + e.getMessage());
        }
        return new Tls(keystore, password);
    }

    private static KeyStore load(Path file, String password, String env) {
        if (Files.isDirectory(file)) {
            throw refused(file, "is a directory, not a PKCS12 keystore");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, password.toCharArray());
            return keystore;
        } catch (NoSuchFileException e) {
            throw refused(file, "no such file");
        } catch (AccessDeniedException e) {
            throw refused(file, "not readable by the daemon (permission denied)");
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by an UnrecoverableKeyException
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw refused(file, "the password in " + env + " does not open it");
            }
            throw refused(file, "not a PKCS12 keystore (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw refused(file, "not a PKCS12 keystore (" + e.getMessage() + ")");
        }
    }

    private static IllegalStateException refused(Path file, String cause) {
        return new IllegalStateException("starting the HTTP server: " + FILE_FIELD + " " + file + ": " + cause);
    }

    /** An HTTPS-only connector on {@code host}:{@code port}: it speaks TLS first, and plain HTTP never. */
    ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keystore);
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}

package dev.plumbline.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the daemon listens, and whether it speaks HTTPS there ({@code tls}, null for plain HTTP). The default is
 * loopback only: exposing it is a deliberate choice, and one that needs TLS, either terminated by the daemon
 * ({@code tls}) or by a proxy in front ({@code behind_proxy: true}), since tokens and sessions must not cross a
 * network in clear text.
 */
public record HttpSettings(String bind, int port, boolean behindProxy, TlsSettings tls) {
    public static final HttpSettings DEFAULT = new HttpSettings("127.0.0.1", 8750, false, null);

    public HttpSettings(String bind, int port) {
        this(bind, port, false, null);
    }

    /** {@code https} when the daemon terminates TLS itself, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Whether {@link #bind} is a loopback address (or a name that resolves only to one, such as localhost). */
    public boolean loopback() {
        try {
            for (InetAddress a : InetAddress.getAllByName(bind)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Refuses, naming the config file and the field, to listen beyond loopback in clear text: without TLS of its
     * own and without a TLS proxy declared in front.
     */
    public void requireSafeExposure(String configFile) {
        if (!loopback() && !behindProxy && tls == null) {
            throw new ConfigException(configFile, List.of("http.bind: " + bind + " is not a loopback address, and"
                    + " tokens and sessions must not travel in clear text: set http.tls (keystore_file and"
                    + " keystore_password_env), or put a TLS-terminating proxy in front and set"
                    + " http.behind_proxy: true, or bind to 127.0.0.1"));
        }
    }
}

package dev.plumbline.config;

/** Where the daemon listens. The default is loopback only: exposing it is a deliberate choice. */
public record HttpSettings(String bind, int port) {
    public static final HttpSettings DEFAULT = new HttpSettings("127.0.0.1", 8750);
}

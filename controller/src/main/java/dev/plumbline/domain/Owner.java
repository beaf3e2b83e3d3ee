package dev.plumbline.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A process that runs tools and owns the runs it started: a daemon or a CLI command, on one host. Its id names it
 * for as long as the store keeps it: {@code host:pid:start}, the start in epoch milliseconds, so a reused pid is
 * another owner.
 */
public record Owner(String id, String host, long pid, Instant startedAt, Kind kind) {
    /** The longest id the store keeps ({@code owners.id}). */
    public static final int MAX_ID = 200;

    /** What kind of process it is. */
    public enum Kind {
        DAEMON,
        CLI;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public Owner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(kind, "kind");
        if (id.isEmpty() || id.length() > MAX_ID) {
            throw new IllegalArgumentException("owner id must be 1 to " + MAX_ID + " characters, got " + id.length());
        }
    }

    /** The owner of {@code pid} on {@code host}, started at {@code startedAt}, with its id made from the three. */
    public static Owner of(String host, long pid, Instant startedAt, Kind kind) {
        String cut = host.length() > MAX_ID - 45 ? host.substring(0, MAX_ID - 45) : host;
        return new Owner(cut + ":" + pid + ":" + startedAt.toEpochMilli(), cut, pid, startedAt, kind);
    }
}

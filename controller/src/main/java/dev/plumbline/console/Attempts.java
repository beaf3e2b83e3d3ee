package dev.plumbline.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-in attempts per client address: at most {@code max} in any {@code window}, so a token or a link cannot be
 * guessed by trying. Held in memory on purpose: a restart forgetting the count costs an attacker a restart, and the
 * secrets tried are 256 bits. The map is bounded, oldest addresses first out.
 */
final class Attempts {
    private static final int MAX_ADDRESSES = 10_000;

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    Attempts(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Counts an attempt from {@code address}; false when it is over the limit (and then it is not counted). */
    synchronized boolean allow(String address) {
        Instant now = clock.instant();
        Deque<Instant> times = seen.computeIfAbsent(address, a -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
            times.removeFirst();
        }
        if (times.size() >= max) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    Duration window() {
        return window;
    }
}

package dev.plumbline.notify;

import java.util.Map;

/**
 * The outbox rows one decision wrote, by channel key. Handed back by {@link DriftNotifier#record} from inside a
 * transaction and given to {@link DriftNotifier#queued} once it committed: rows of a transaction that was rolled
 * back must not be waited for.
 */
public record Queued(Map<String, Long> idsByChannel) {
    public static final Queued NONE = new Queued(Map.of());

    public Queued {
        idsByChannel = Map.copyOf(idsByChannel);
    }
}

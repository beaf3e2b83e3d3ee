package dev.plumbline.pullrequest;

import dev.plumbline.store.Tx;

/**
 * A webhook delivery marked done in the transaction that queues the work it causes, so a crash leaves either both
 * (the work waits, the delivery is not acted on again) or neither (the delivery is acted on again on start). Work
 * not caused by a delivery (a poll, a lock released) records nothing: {@link #NONE}.
 */
final class DeliveryDone {
    static final DeliveryDone NONE = new DeliveryDone(null);

    private final Long deliveryId;
    private volatile boolean recorded;

    private DeliveryDone(Long deliveryId) {
        this.deliveryId = deliveryId;
    }

    static DeliveryDone of(long deliveryId) {
        return new DeliveryDone(deliveryId);
    }

    /** Marks the delivery done with {@code outcome}, in {@code tx}. */
    void record(Tx tx, String outcome) {
        if (deliveryId != null) {
            tx.webhookDeliveries().finish(deliveryId, true, outcome);
            recorded = true;
        }
    }

    /** Whether the delivery was marked done with the work it queued; if not, it is marked done after. */
    boolean recorded() {
        return recorded;
    }
}

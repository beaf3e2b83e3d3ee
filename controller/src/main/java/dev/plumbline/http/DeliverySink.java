package dev.plumbline.http;

/** Takes a stored webhook delivery to be acted on later, off the request thread (the daemon's queue). */
@FunctionalInterface
public interface DeliverySink {
    void accepted(long deliveryId);
}

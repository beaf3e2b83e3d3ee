package dev.plumbline.notify;

/**
 * Where drift notifications go: an SNS topic, a signed webhook, a Slack channel. Sending blocks at most for the
 * channel's own timeouts; failing throws {@link NotificationException}, which the notifier logs and moves on from.
 */
public interface Channel {
    /** Names the channel in logs; never includes a secret (a Slack URL, a query string). */
    String name();

    void send(DriftEvent e);
}

package dev.plumbline.notify;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes the event's JSON to an SNS topic, with the headline as subject (e-mail subscribers see it) and the
 * workspace and transition as message attributes, so that subscriptions can filter on them; the {@code event_id}
 * attribute is the idempotency key, the same for every attempt at one event.
 */
public final class SnsChannel implements Channel {
    /** Bounds a publish whatever the client's own settings, retries included. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(15);
    /** SNS refuses longer subjects. */
    private static final int MAX_SUBJECT = 100;

    private final SnsClient sns;
    private final String topicArn;

    public SnsChannel(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public String name() {
        return "sns " + topicArn;
    }

    @Override
    public void send(DriftEvent e) {
        PublishRequest.Builder request = PublishRequest.builder()
                .topicArn(topicArn)
                .subject(subject(e))
                .message(e.json())
                .messageAttributes(Map.of(
                        "workspace", text(e.workspace().toString()),
                        "transition", text(e.transition()),
                        "event_id", text(e.eventId())))
                .overrideConfiguration(o -> o.apiCallTimeout(API_CALL_TIMEOUT));
        if (topicArn.endsWith(".fifo")) {
            // FIFO topics need a group (per workspace keeps each workspace's events in order) and a dedup id: a
            // retry within SNS's five-minute window is then dropped by SNS itself.
            request.messageGroupId(e.workspace().toString())
                    .messageDeduplicationId(e.eventId());
        }
        try {
            sns.publish(request.build());
        } catch (SdkException x) {
            throw new NotificationException("sending drift of " + e.workspace() + " (run " + e.runId() + ") to "
                    + name() + ": " + x.getMessage(), x);
        }
    }

    /** SNS wants printable ASCII, without line breaks, of at most 100 characters. */
    static String subject(DriftEvent e) {
        String ascii = e.headline().replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= MAX_SUBJECT ? ascii : ascii.substring(0, MAX_SUBJECT - 3) + "...";
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

package dev.plumbline.config;

import java.net.URI;
import java.time.Duration;

/**
 * The daemon config's {@code events} section: where change events come from and how the checks they ask for are
 * paced. {@code httpSecretEnv} names the environment variable holding the secret {@code POST /api/v1/events}
 * requests are signed with (null: the endpoint is off); {@code sqs} is the queue an EventBridge rule feeds (null:
 * none). A workspace's check waits until {@code debounce} has passed without a further event of its burst (each
 * event moves it a debounce later, to at most three debounces after the first), so the burst is one check, and at most {@code maxChecksPerHour} checks per workspace are queued by events in any hour.
 */
public record EventsConfig(String httpSecretEnv, Sqs sqs, Duration debounce, int maxChecksPerHour) {
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_CHECKS_PER_HOUR = 60;
    /** No event source: the schedules alone find drift. */
    public static final EventsConfig NONE = new EventsConfig(null, null, DEFAULT_DEBOUNCE,
            DEFAULT_MAX_CHECKS_PER_HOUR);

    /**
     * {@code events.aws_sqs}: the queue's URL and region, the role to read it as (null: the daemon's own
     * identity) and the endpoint of an emulator (the daemon's {@code aws.endpoint}; null for AWS itself).
     */
    public record Sqs(URI queueUrl, String region, String roleArn, URI endpoint) { }

    public boolean any() {
        return httpSecretEnv != null || sqs != null;
    }
}

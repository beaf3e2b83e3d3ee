package dev.plumbline.config;

import dev.plumbline.domain.Hosts;
import dev.plumbline.util.Echo;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** The meaning of the daemon config's {@code events} section; every problem names its field. */
final class EventsRules {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Duration MAX_DEBOUNCE = Duration.ofMinutes(10);

    private final Problems problems;

    EventsRules(Problems problems) {
        this.problems = problems;
    }

    EventsConfig apply(RawDaemonConfig.Events raw, AwsConfig aws) {
        if (raw == null) {
            return EventsConfig.NONE;
        }
        Duration debounce = Durations.parse(raw.debounce(), EventsConfig.DEFAULT_DEBOUNCE, "events.debounce",
                problems);
        if (debounce != null && debounce.compareTo(MAX_DEBOUNCE) > 0) {
            problems.add("events.debounce", "must be at most 10m (a longer wait hides a change from the alert it "
                    + "is for), got " + Echo.quote(raw.debounce()));
        }
        int perHour = EventsConfig.DEFAULT_MAX_CHECKS_PER_HOUR;
        if (raw.maxChecksPerHour() != null) {
            perHour = raw.maxChecksPerHour();
            if (perHour < 1 || perHour > 3600) {
                problems.add("events.max_checks_per_hour", "must be 1 to 3600, got " + perHour);
            }
        }
        String secretEnv = null;
        if (raw.http() != null) {
            secretEnv = raw.http().secretEnv();
            if (secretEnv == null && !problems.saidUnder("events.http")) {
                problems.addUnlessSaid("events.http.secret_env", "must be set: the environment variable holding the"
                        + " secret POST /api/v1/events requests are signed with");
            } else if (secretEnv != null && !DaemonConfigRules.ENV_NAME.matcher(secretEnv).matches()) {
                problems.add("events.http.secret_env", "must be the name of the environment variable holding the "
                        + "secret (letters, digits and '_', not starting with a digit), not the value itself; the "
                        + "value is not shown");
            }
        }
        EventsConfig.Sqs sqs = raw.sqs() == null ? null : sqs(raw.sqs(), aws);
        return new EventsConfig(secretEnv, sqs, debounce, perHour);
    }

    private EventsConfig.Sqs sqs(RawDaemonConfig.Sqs raw, AwsConfig aws) {
        URI url = null;
        if (raw.queueUrl() == null) {
            // a misspelt queue_url is already named as an unknown field
            if (!problems.saidUnder("events.aws_sqs")) {
                problems.addUnlessSaid("events.aws_sqs.queue_url", "must be set: the URL of the SQS queue the "
                        + "EventBridge rule sends to");
            }
        } else {
            url = queueUrl(raw.queueUrl());
        }
        String region = raw.region();
        if (region == null && aws != null) {
            region = aws.region();
        }
        if (region == null) {
            problems.addUnlessSaid("events.aws_sqs.region", "must be set (or aws.region): the queue's region");
        } else if (!REGION.matcher(region).matches()) {
            problems.add("events.aws_sqs.region", "must be an AWS region such as eu-west-1, got " + Echo.quote(region));
        }
        if (raw.roleArn() != null && !ROLE_ARN.matcher(raw.roleArn()).matches()) {
            problems.add("events.aws_sqs.role_arn", "must be an IAM role ARN such as "
                    + "arn:aws:iam::123456789012:role/plumbline-events, got " + Echo.quote(raw.roleArn()));
        }
        return new EventsConfig.Sqs(url, region, raw.roleArn(), aws == null ? null : aws.endpoint());
    }

    private URI queueUrl(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean local = uri.getHost() != null && Hosts.isLoopback(uri.getHost());
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && local)) {
                problems.add("events.aws_sqs.queue_url", "must be an https:// queue URL such as "
                        + "https://sqs.eu-west-1.amazonaws.com/123456789012/plumbline-events (http:// only for this"
                        + " machine), got " + Echo.quote(text));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add("events.aws_sqs.queue_url", "is not a URL: " + e.getReason() + ", got " + Echo.quote(text));
            return null;
        }
    }
}

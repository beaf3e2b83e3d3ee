package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon config's events section: its defaults, and every bad value named by its field. */
class DaemonEventsConfigTest {
    @TempDir
    Path dir;

    @Test
    void without_an_events_section_no_event_source_is_configured() {
        DaemonConfig c = DaemonConfig.load(write(dir, "config.yaml", yaml("data_dir: /d")));

        assertThat(c.events()).isEqualTo(EventsConfig.NONE);
        assertThat(c.events().any()).isFalse();
    }

    @Test
    void every_events_field_is_read_and_the_queue_takes_the_aws_region_and_endpoint() {
        DaemonConfig c = DaemonConfig.load(write(dir, "config.yaml", yaml(
                "data_dir: /d",
                "aws: {region: eu-west-1, endpoint: 'http://127.0.0.1:5000'}",
                "events:",
                "  debounce: 5s",
                "  max_checks_per_hour: 12",
                "  http: {secret_env: PLUMBLINE_EVENTS_SECRET}",
                "  aws_sqs: {queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/plumbline-events',"
                        + " role_arn: 'arn:aws:iam::123456789012:role/plumbline-events'}")));

        assertThat(c.events()).isEqualTo(new EventsConfig("PLUMBLINE_EVENTS_SECRET", new EventsConfig.Sqs(
                URI.create("https://sqs.eu-west-1.amazonaws.com/123456789012/plumbline-events"), "eu-west-1",
                "arn:aws:iam::123456789012:role/plumbline-events", URI.create("http://127.0.0.1:5000")),
                Duration.ofSeconds(5), 12));
        assertThat(DaemonConfig.load(write(dir, "config.yaml", yaml("data_dir: /d", "events: {http: "
                + "{secret_env: S}}"))).events().debounce()).isEqualTo(EventsConfig.DEFAULT_DEBOUNCE);
    }

    @Test
    void every_bad_events_value_names_its_field() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "events:",
                "  debounce: 11m",
                "  max_checks_per_hour: 0",
                "  http: {secret_env: 'not a name'}",
                "  aws_sqs: {queue_url: 'http://sqs.eu-west-1.amazonaws.com/1/q', region: Ireland,"
                        + " role_arn: 'arn:aws:iam::1:user/x'}",
                "  colour: red"))).containsExactlyInAnyOrder(
                "events.colour: unknown field (expected one of: debounce, max_checks_per_hour, http, aws_sqs)",
                "events.debounce: must be at most 10m (a longer wait hides a change from the alert it is for), got"
                        + " '11m'",
                "events.max_checks_per_hour: must be 1 to 3600, got 0",
                "events.http.secret_env: must be the name of the environment variable holding the secret (letters,"
                        + " digits and '_', not starting with a digit), not the value itself; the value is not shown",
                "events.aws_sqs.queue_url: must be an https:// queue URL such as https://sqs.eu-west-1.amazonaws.com/"
                        + "123456789012/plumbline-events (http:// only for this machine), got"
                        + " 'http://sqs.eu-west-1.amazonaws.com/1/q'",
                "events.aws_sqs.region: must be an AWS region such as eu-west-1, got 'Ireland'",
                "events.aws_sqs.role_arn: must be an IAM role ARN such as arn:aws:iam::123456789012:role/"
                        + "plumbline-events, got 'arn:aws:iam::1:user/x'");
    }

    @Test
    void a_missing_queue_url_region_or_secret_variable_is_named_and_an_inline_secret_refused() {
        assertThat(problems(yaml("data_dir: /d", "events: {aws_sqs: {}, http: {secret: hunter2}}")))
                .contains("events.aws_sqs.queue_url: must be set: the URL of the SQS queue the EventBridge rule "
                        + "sends to", "events.aws_sqs.region: must be set (or aws.region): the queue's region")
                .anyMatch(p -> p.startsWith("events.http.secret: a secret must not be written in the config"))
                .noneMatch(p -> p.contains("hunter2"));
    }

    private List<String> problems(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        return e.problems();
    }
}

package dev.plumbline.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void channels_are_keyed_by_their_names_the_same_in_any_order_and_a_second_of_a_name_is_numbered() {
        WebhookChannel hook = new WebhookChannel(URI.create("https://hooks.example.com/drift?token=t0ken"), () -> "s");
        SlackChannel slack = new SlackChannel(URI.create("https://hooks.slack.com/services/T/B/secret"));
        try (Database db = NotifyFixture.open(dir)) {
            List<String> keys = new Outbox(db, List.of(hook, slack, hook), OutboxPolicy.DEFAULT, Clock.systemUTC())
                    .keys();
            List<String> reordered = new Outbox(db, List.of(slack, hook), OutboxPolicy.DEFAULT, Clock.systemUTC())
                    .keys();

            assertThat(keys).containsExactly("webhook https://hooks.example.com/drift",
                    "slack https://hooks.slack.com", "webhook https://hooks.example.com/drift #2");
            assertThat(reordered).containsExactlyInAnyOrder(keys.get(0), keys.get(1));
            assertThat(String.join(" ", keys)).doesNotContain("t0ken", "secret");
        }
    }

    @Test
    void a_very_long_name_is_cut_to_the_column_and_kept_apart_by_its_digest() {
        String a = "webhook https://hooks.example.com/" + "a".repeat(400) + "/one";
        String b = "webhook https://hooks.example.com/" + "a".repeat(400) + "/two";

        assertThat(Outbox.key(a)).hasSize(300).isNotEqualTo(Outbox.key(b)).isEqualTo(Outbox.key(a));
        assertThat(Outbox.key("slack $SLACK_URL")).isEqualTo("slack $SLACK_URL");
    }

    @Test
    void durations_read_as_the_config_writes_them() {
        assertThat(Outbox.human(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(Outbox.human(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Outbox.human(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}

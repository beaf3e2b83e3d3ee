package dev.plumbline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.ChangeEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The body of POST /api/v1/events: what is read from it, and each bad body refused naming its field. */
class PostedEventTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void a_posted_event_is_read_with_its_source_prefixed() {
        ChangeEvent e = PostedEvent.read("""
                {"source": "gcp-audit", "identifiers": ["projects/acme/zones/europe-west1-b/instances/vm-1"],
                 "actor": "maria@acme.example", "action": "v1.compute.instances.setLabels",
                 "time": "2026-12-01T09:59:58.123+01:00", "id": "log-entry-42"}
                """, NOW);

        assertThat(e.source()).isEqualTo("http:gcp-audit");
        assertThat(e.externalId()).isEqualTo("log-entry-42");
        assertThat(e.identifiers()).containsExactly("projects/acme/zones/europe-west1-b/instances/vm-1");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-12-01T08:59:58.123Z"));
        assertThat(e.queuedAt()).isEqualTo(NOW);
        assertThat(e.readOnly()).isFalse();
    }

    @Test
    void each_bad_body_is_refused_naming_the_field() {
        String ok = "{\"source\": \"script\", \"identifiers\": [\"bucket-1\"], \"time\": \"2026-12-01T10:00:00Z\"}";
        assertThat(PostedEvent.read(ok, NOW).identifiers()).containsExactly("bucket-1");
        assertBad("{\"identifiers\": [\"bucket-1\"]}", "source must be set");
        assertBad("{\"source\": \"bad source!\", \"identifiers\": [\"bucket-1\"]}", "source must be set");
        assertBad("{\"source\": \"s\", \"identifiers\": []}", "identifiers must be a non-empty list");
        assertBad("{\"source\": \"s\", \"identifiers\": \"bucket-1\"}", "identifiers must be a non-empty list");
        assertBad("{\"source\": \"s\", \"identifiers\": [7]}", "identifiers[0] must be a string");
        assertBad("{\"source\": \"s\", \"identifiers\": [\"ab\"]}", "no identifier of 3 characters or more");
        assertBad(ok.replace("2026-12-01T10:00:00Z", "10 o'clock"), "time must be an RFC 3339 time");
        assertBad(ok.replace("}", ", \"actor\": 5}"), "actor must be a string");
        assertBad(ok.replace("}", ", \"read_only\": \"yes\"}"), "read_only must be true or false");
        assertBad(ok.replace("}", ", \"colour\": \"red\"}"), "unknown field");
        assertBad("{\"source\": \"s\", \"source\": \"t\", \"identifiers\": [\"bucket-1\"]}", "not valid JSON");
        assertBad("[]", "expected a JSON object");
        assertBad(ok.replace("}", ", \"id\": \" \"}"), "id must be 1 to 200 characters");
        assertBad(ok.replace("}", ", \"id\": \"" + "i".repeat(201) + "\"}"), "id must be 1 to 200 characters");
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i <= ChangeEvent.MAX_IDENTIFIERS; i++) {
            ids.append(i == 0 ? "" : ", ").append("\"bucket-").append(i).append('"');
        }
        assertBad("{\"source\": \"s\", \"identifiers\": [" + ids + "]}", "identifiers has "
                + (ChangeEvent.MAX_IDENTIFIERS + 1) + " entries, at most " + ChangeEvent.MAX_IDENTIFIERS);
        // the limit is of bytes: 100,000 three-byte characters are 300,000 bytes, over 256 KiB
        assertBad(ok.replace("}", ", \"actor\": \"" + "\u20ac".repeat(100_000) + "\"}"), "the body is over 256 KiB");
    }

    private static void assertBad(String body, String why) {
        assertThatThrownBy(() -> PostedEvent.read(body, NOW)).isInstanceOf(MalformedEvent.class)
                .hasMessageStartingWith("reading the posted event: ").hasMessageContaining(why);
    }
}

package dev.plumbline.plan;

import static dev.plumbline.plan.MasksTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void a_secret_embedded_in_a_longer_string_is_hidden_wherever_it_appears() throws Exception {
        Secrets secrets = Secrets.in((ObjectNode) json(
                "{\"resource_changes\":[{\"change\":{\"after\":{\"pw\":\"hunter22\"},\"after_sensitive\":{\"pw\":true}}}],"
                        + "\"checks\":[{\"message\":\"login with hunter22 failed\"}]}"));

        assertThat(secrets.scrub(json("{\"message\":\"login with hunter22 failed\",\"other\":\"fine\"}")))
                .isEqualTo(json("{\"message\":\"(sensitive value)\",\"other\":\"fine\"}"));
    }

    @Test
    void a_short_secret_is_matched_only_as_a_whole_string() throws Exception {
        Secrets secrets = Secrets.in((ObjectNode) json(
                "{\"variables\":{\"pin\":{\"value\":\"42\"}},\"configuration\":{\"root_module\":{\"variables\":"
                        + "{\"pin\":{\"sensitive\":true}}}}}"));

        assertThat(secrets.scrub(json("[\"42\",\"port 8042\"]"))).isEqualTo(json("[\"(sensitive value)\",\"port 8042\"]"));
    }

    @Test
    void a_key_holding_a_secret_is_renamed_and_two_stay_apart() throws Exception {
        Secrets secrets = Secrets.in((ObjectNode) json(
                "{\"output_changes\":{\"o\":{\"after\":[\"alpha-secret\",\"beta-secret\"],\"after_sensitive\":true}}}"));

        assertThat(secrets.scrub(json("{\"alpha-secret\":1,\"beta-secret\":2,\"plain\":3}")))
                .isEqualTo(json("{\"(sensitive value)\":1,\"(sensitive value) 2\":2,\"plain\":3}"));
    }

    @Test
    void writing_a_document_scrubs_it_as_a_scrubbed_copy_would_read() throws Exception {
        Secrets secrets = Secrets.in((ObjectNode) json(
                "{\"output_changes\":{\"o\":{\"after\":[\"alpha-secret\",\"beta-secret\"],\"after_sensitive\":true}}}"));
        var doc = json("{\"alpha-secret\":{\"m\":\"has beta-secret inside\",\"n\":1.50},\"(sensitive value)\":true,"
                + "\"beta-secret\":[null,\"ok\",12345678901234567890]}");
        java.io.StringWriter out = new java.io.StringWriter();
        try (var g = PlanReader.mapper().createGenerator(out)) {
            secrets.write(doc, g);
        }

        assertThat(json(out.toString())).isEqualTo(secrets.scrub(doc));
        assertThat(out.toString()).contains("\"(sensitive value) 2\"").contains("\"(sensitive value) 3\"")
                .doesNotContain("secret");
    }

    @Test
    void empty_and_placeholder_strings_are_not_secrets() throws Exception {
        Secrets secrets = Secrets.in((ObjectNode) json(
                "{\"resource_changes\":[{\"change\":{\"after\":{\"a\":\"\",\"b\":\"(known after apply)\"},"
                        + "\"after_sensitive\":{\"a\":true,\"b\":true}}}]}"));

        assertThat(secrets.scrub(json("[\"\",\"(known after apply)\"]"))).isEqualTo(json("[\"\",\"(known after apply)\"]"));
    }
}

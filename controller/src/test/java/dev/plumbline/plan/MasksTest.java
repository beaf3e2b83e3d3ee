package dev.plumbline.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MasksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void marked_leaves_are_replaced_and_unmarked_siblings_kept() throws Exception {
        JsonNode value = json("{\"user\":\"app\",\"password\":\"hunter2\",\"ports\":[80,443],\"keys\":[\"k1\",\"k2\"]}");
        JsonNode marks = json("{\"password\":true,\"keys\":[false,true]}");

        assertThat(Masks.apply(value, marks)).isEqualTo(
                json("{\"user\":\"app\",\"password\":\"(sensitive value)\",\"ports\":[80,443],"
                        + "\"keys\":[\"k1\",\"(sensitive value)\"]}"));
    }

    @Test
    void a_true_mark_hides_the_whole_value() throws Exception {
        assertThat(Masks.apply(json("{\"a\":{\"b\":\"secret\"}}"), json("true")))
                .isEqualTo(json("\"(sensitive value)\""));
    }

    @Test
    void marks_shaped_unlike_the_value_hide_the_whole_value() throws Exception {
        assertThat(Masks.apply(json("\"secret\""), json("{\"x\":true}"))).isEqualTo(json("\"(sensitive value)\""));
        assertThat(Masks.apply(json("{\"x\":\"secret\"}"), json("[true]"))).isEqualTo(json("\"(sensitive value)\""));
    }

    @Test
    void an_unexpected_mark_spelling_counts_as_marked() throws Exception {
        assertThat(Masks.apply(json("{\"x\":\"secret\"}"), json("{\"x\":\"yes\"}")))
                .isEqualTo(json("{\"x\":\"(sensitive value)\"}"));
    }

    @Test
    void false_or_absent_marks_keep_the_value() throws Exception {
        JsonNode value = json("{\"a\":1}");
        assertThat(Masks.apply(value, json("false"))).isEqualTo(value);
        assertThat(Masks.apply(value, null)).isEqualTo(value);
        assertThat(Masks.apply(value, json("{}"))).isEqualTo(value);
    }

    @Test
    void masking_leaves_the_input_untouched() throws Exception {
        JsonNode value = json("{\"password\":\"hunter2\"}");
        Masks.apply(value, json("{\"password\":true}"));
        assertThat(value.get("password").asText()).isEqualTo("hunter2");
    }

    @Test
    void sensitive_null_stays_null() throws Exception {
        assertThat(Masks.apply(json("null"), json("true")).isNull()).isTrue();
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}

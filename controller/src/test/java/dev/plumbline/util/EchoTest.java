package dev.plumbline.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoTest {
    @Test
    void short_plain_input_is_quoted_as_it_is() {
        assertThat(Echo.quote("infra")).isEqualTo("'infra'");
        assertThat(Echo.quote(null)).isEqualTo("null");
    }

    @Test
    void long_input_is_cut_and_says_how_long_it_was() {
        String shown = Echo.quote("n".repeat(1_000_000));
        assertThat(shown).hasSizeLessThan(120).startsWith("'nnnn").endsWith("...(1000000 characters)'");
    }

    @Test
    void control_characters_are_written_as_escapes() {
        assertThat(Echo.text("a\u0000b\u001b[2Jc\nd\re\tf\u007f\u0085")).isEqualTo(
                "a\\u0000b\\u001b[2Jc\\nd\\re\\tf\\u007f\\u0085");
        assertThat(Echo.text("line\u2028sep")).isEqualTo("line\\u2028sep");
    }

    @Test
    void a_lone_surrogate_is_escaped_and_a_pair_is_kept() {
        assertThat(Echo.text("x\ud800y")).isEqualTo("x\\ud800y");
        assertThat(Echo.text("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }
}

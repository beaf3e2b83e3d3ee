package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private static final String SECRET = "canary-s3cr3t-7f3a";

    @Test
    void a_secret_is_replaced_wherever_it_stands() {
        assertThat(Redactor.of(List.of(SECRET)).redact("password=" + SECRET + ";again " + SECRET))
                .isEqualTo("password=***;again ***");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-1", "SHA-256", "SHA-512"})
    void digests_of_a_secret_are_replaced_in_hex_and_base64(String algorithm) throws Exception {
        byte[] digest = MessageDigest.getInstance(algorithm).digest(SECRET.getBytes(StandardCharsets.UTF_8));
        Redactor redactor = Redactor.of(List.of(SECRET));

        assertThat(redactor.redact("content_x = \"" + HexFormat.of().formatHex(digest) + "\""))
                .isEqualTo("content_x = \"***\"");
        assertThat(redactor.redact("content_base64x = \"" + Base64.getEncoder().encodeToString(digest) + "\""))
                .isEqualTo("content_base64x = \"***\"");
    }

    @Test
    void the_base64_of_a_secret_is_replaced() {
        String encoded = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(Redactor.of(List.of(SECRET)).redact("content_base64 = " + encoded)).isEqualTo("content_base64 = ***");
    }

    @Test
    void a_secret_is_replaced_as_json_and_hcl_quote_it() {
        String secret = "pa\"ss\\wo<rd>&${x}";
        Redactor redactor = Redactor.of(List.of(secret));

        assertThat(redactor.redact("{\"v\":\"pa\\\"ss\\\\wo<rd>&${x}\"}")).isEqualTo("{\"v\":\"***\"}");
        assertThat(redactor.redact("{\"v\":\"pa\\\"ss\\\\wo\\u003crd\\u003e\\u0026${x}\"}")).isEqualTo("{\"v\":\"***\"}");
        assertThat(redactor.redact("input = \"pa\\\"ss\\\\wo<rd>&$${x}\"")).isEqualTo("input = \"***\"");
    }

    @Test
    void each_line_of_a_secret_spanning_lines_is_replaced_in_output_read_line_by_line() {
        Redactor redactor = Redactor.of(List.of("-----BEGIN KEY-----\n  MIIEvQIBADANBgkq\n-----END KEY-----\n"));

        assertThat(redactor.redact("      MIIEvQIBADANBgkq")).isEqualTo("      ***");
        assertThat(redactor.redact("content = \"-----BEGIN KEY-----\\n  MIIEvQIBADANBgkq\\n-----END KEY-----\\n\""))
                .isEqualTo("content = \"***\"");
    }

    @Test
    void text_without_a_secret_is_left_as_it_is() {
        String text = "local_file.greeting: Creation complete after 0s [id=6b1c1a1e]";

        assertThat(Redactor.of(List.of(SECRET)).redact(text)).isEqualTo(text);
        assertThat(Redactor.of(List.of("abc")).redact("abc def")).as("too short to redact").isEqualTo("abc def");
    }
}

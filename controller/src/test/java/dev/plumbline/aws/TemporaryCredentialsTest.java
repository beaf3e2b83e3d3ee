package dev.plumbline.aws;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class TemporaryCredentialsTest {
    private static final Instant EXPIRY = Instant.parse("2030-01-01T12:00:00Z");
    private final TemporaryCredentials creds =
            new TemporaryCredentials("ASIAEXAMPLE", "secret-key-canary", "session-token-canary", EXPIRY);

    @Test
    void to_string_shows_the_key_id_and_expiry_but_hides_the_secret_parts() {
        assertThat(creds.toString()).contains("ASIAEXAMPLE", EXPIRY.toString())
                .doesNotContain("secret-key-canary", "session-token-canary");
    }

    @Test
    void environment_carries_the_credentials_and_the_region_under_both_names() {
        assertThat(creds.environment("eu-west-1")).containsExactly(
                entry("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE"),
                entry("AWS_SECRET_ACCESS_KEY", "secret-key-canary"),
                entry("AWS_SESSION_TOKEN", "session-token-canary"),
                entry("AWS_REGION", "eu-west-1"),
                entry("AWS_DEFAULT_REGION", "eu-west-1"));
    }

    @Test
    void secret_values_are_the_secret_key_and_the_session_token() {
        assertThat(creds.secretValues()).containsExactlyInAnyOrder("secret-key-canary", "session-token-canary");
    }

    @Test
    void credentials_expire_within_a_margin_once_less_than_it_remains() {
        assertThat(creds.expiresWithin(Duration.ofMinutes(10), EXPIRY.minus(Duration.ofMinutes(11)))).isFalse();
        assertThat(creds.expiresWithin(Duration.ofMinutes(10), EXPIRY.minus(Duration.ofMinutes(9)))).isTrue();
        assertThat(creds.expiresWithin(Duration.ZERO, EXPIRY.plusSeconds(1))).isTrue();
    }

    @Test
    void the_provider_gives_session_credentials() {
        assertThat(creds.provider().resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class,
                c -> assertThat(c.sessionToken()).isEqualTo("session-token-canary"));
    }
}

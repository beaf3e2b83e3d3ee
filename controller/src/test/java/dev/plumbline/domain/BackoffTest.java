package dev.plumbline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void the_wait_doubles_after_each_failure_up_to_the_longest() {
        Backoff b = new Backoff(10, Duration.ofSeconds(30), Duration.ofMinutes(10));
        assertThat(b.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.after(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(b.after(6)).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.after(1000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.after(0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_backoff_that_never_tries_is_refused() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Backoff(1, Duration.ofSeconds(-1), Duration.ZERO)).hasMessageContaining("negative");
    }
}

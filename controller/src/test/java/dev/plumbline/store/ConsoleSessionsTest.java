package dev.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest extends OnEachStore {
    private static final String HASH = "ab".repeat(32);

    @Test
    void a_session_is_found_by_its_hash_until_it_expires_or_ends() {
        try (Database db = store().open()) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            db.consoleSessions().create(HASH, new ConsoleSession("alice", "operator", "oidc", now,
                    now.plusSeconds(3600)));
            db.consoleSessions().create("cd".repeat(32), new ConsoleSession("bob", "viewer", "local-link",
                    now.minusSeconds(7200), now.minusSeconds(1)));

            assertThat(db.consoleSessions().find(HASH)).hasValueSatisfying(s -> {
                assertThat(s.name()).isEqualTo("alice");
                assertThat(s.role()).isEqualTo("operator");
                assertThat(s.via()).isEqualTo("oidc");
                assertThat(s.expiresAt()).isEqualTo(now.plusSeconds(3600));
            });
            assertThat(db.consoleSessions().find("cd".repeat(32))).as("expired").isEmpty();
            assertThat(db.consoleSessions().find("ef".repeat(32))).as("unknown").isEmpty();
            assertThat(db.consoleSessions().deleteExpired()).isEqualTo(1);

            assertThat(db.consoleSessions().delete(HASH)).isTrue();
            assertThat(db.consoleSessions().find(HASH)).isEmpty();
            assertThat(db.consoleSessions().delete(HASH)).isFalse();
        }
    }

    @Test
    void a_sign_in_link_is_redeemed_once_and_not_after_it_expires() {
        try (Database db = store().open()) {
            db.signInLinks().create(HASH, "carol", "admin", Instant.now().plusSeconds(600));
            db.signInLinks().create("cd".repeat(32), "dave", "viewer", Instant.now().minusSeconds(1));

            assertThat(db.signInLinks().redeem(HASH)).hasValue(new SignInLinks.Redeemed("carol", "admin"));
            assertThat(db.signInLinks().redeem(HASH)).as("a second time").isEmpty();
            assertThat(db.signInLinks().redeem("cd".repeat(32))).as("expired").isEmpty();
            assertThat(db.signInLinks().redeem("ef".repeat(32))).as("unknown").isEmpty();
        }
    }

    @Test
    void an_openid_connect_sign_in_is_taken_once() {
        try (Database db = store().open()) {
            OidcLogins.Pending pending = new OidcLogins.Pending("verifier-1", "nonce-1", "/runs/7");
            db.oidcLogins().put(HASH, pending, Instant.now().plusSeconds(600));
            db.oidcLogins().put("cd".repeat(32), pending, Instant.now().minusSeconds(1));

            assertThat(db.oidcLogins().take(HASH)).hasValue(pending);
            assertThat(db.oidcLogins().take(HASH)).as("a second answer with the same state").isEmpty();
            assertThat(db.oidcLogins().take("cd".repeat(32))).as("expired").isEmpty();
        }
    }
}

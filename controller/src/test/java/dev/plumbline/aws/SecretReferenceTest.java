package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.aws.SecretReference.Store;
import org.junit.jupiter.api.Test;

class SecretReferenceTest {

    @Test
    void only_ssm_and_secretsmanager_values_are_references() {
        assertThat(SecretResolver.isReference("ssm:/prod/db/password")).isTrue();
        assertThat(SecretResolver.isReference("secretsmanager:prod/db#password")).isTrue();
        assertThat(SecretResolver.isReference("hunter2")).isFalse();
        assertThat(SecretResolver.isReference("SSM:/upper")).isFalse();
        assertThat(SecretResolver.isReference(null)).isFalse();
    }

    @Test
    void references_are_read_into_store_name_and_key() {
        assertThat(SecretReference.parse("ssm:/prod/db/password"))
                .isEqualTo(new SecretReference(Store.SSM, "/prod/db/password", null));
        assertThat(SecretReference.parse("secretsmanager:prod/db"))
                .isEqualTo(new SecretReference(Store.SECRETS_MANAGER, "prod/db", null));
        assertThat(SecretReference.parse("secretsmanager:prod/db#pass#word"))
                .isEqualTo(new SecretReference(Store.SECRETS_MANAGER, "prod/db", "pass#word"));
        assertThat(SecretReference.parse("secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC#k")
                .name()).isEqualTo("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC");
    }

    @Test
    void a_reference_prints_as_it_was_written() {
        for (String r : new String[] {"ssm:/a/b", "secretsmanager:x", "secretsmanager:x#y"}) {
            assertThat(SecretReference.parse(r)).hasToString(r);
        }
    }

    @Test
    void malformed_references_are_refused() {
        assertThatThrownBy(() -> SecretReference.parse("ssm:")).hasMessageContaining("parameter name is empty");
        assertThatThrownBy(() -> SecretReference.parse("secretsmanager:#key")).hasMessageContaining("secret name");
        assertThatThrownBy(() -> SecretReference.parse("secretsmanager:db#")).hasMessageContaining("JSON key");
        assertThatThrownBy(() -> SecretReference.parse("ssm:/a#b")).hasMessageContaining("no #key");
        assertThatThrownBy(() -> SecretReference.parse("vault:x")).hasMessageContaining("expected ssm:");
    }
}

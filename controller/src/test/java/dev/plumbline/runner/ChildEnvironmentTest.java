package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void the_daemons_own_secrets_are_not_inherited() {
        Map<String, String> daemon = Map.of(
                "PATH", "/usr/bin:/bin",
                "AWS_SECRET_ACCESS_KEY", "daemon-secret-key",
                "GITHUB_TOKEN", "ghp_daemon_token",
                "PLUMBLINE_DB_PASSWORD", "hunter22");

        Map<String, String> env = ChildEnvironment.base(daemon, dir, dir.resolve("tofurc")).asMap();

        assertThat(env).doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "PLUMBLINE_DB_PASSWORD")
                .containsEntry("TF_IN_AUTOMATION", "1").containsEntry("TF_INPUT", "0")
                .containsEntry("CHECKPOINT_DISABLE", "1").containsEntry("AWS_EC2_METADATA_DISABLED", "true")
                .containsEntry("TF_CLI_CONFIG_FILE", dir.resolve("tofurc").toString())
                .containsEntry("HOME", dir.toString()).containsEntry("PATH", "/usr/bin:/bin");
    }

    @Test
    void secrets_are_remembered_for_redaction() {
        ChildEnvironment env = ChildEnvironment.base(Map.of(), dir, null).secret("TF_VAR_db_password", "canary-s3cr3t-7f3a");

        assertThat(env.secretValues()).containsExactly("canary-s3cr3t-7f3a");
        assertThat(Redactor.of(env.secretValues()).redact("password is canary-s3cr3t-7f3a")).isEqualTo("password is ***");
    }

    @Test
    void a_hidden_value_is_redacted_without_being_set() {
        ChildEnvironment env = ChildEnvironment.base(Map.of(), dir, null).hide("canary-from-var-file");

        assertThat(env.asMap()).doesNotContainValue("canary-from-var-file");
        assertThat(Redactor.of(env.secretValues()).redact("key canary-from-var-file")).isEqualTo("key ***");
    }

    @Test
    void secrets_too_short_to_redact_are_refused() {
        assertThatThrownBy(() -> ChildEnvironment.base(Map.of(), dir, null).secret("TF_VAR_pin", "123"))
                .hasMessageContaining("TF_VAR_pin");
    }

    @Test
    void invalid_variable_names_are_refused() {
        assertThatThrownBy(() -> ChildEnvironment.base(Map.of(), dir, null).set("BAD NAME", "x"))
                .hasMessageContaining("BAD NAME");
    }
}

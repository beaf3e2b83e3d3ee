package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Tool;
import dev.plumbline.testing.FakeTofu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void the_daemons_own_secrets_are_not_inherited() throws Exception {
        Map<String, String> daemon = Map.of(
                "PATH", "/usr/bin:/bin",
                "AWS_SECRET_ACCESS_KEY", "daemon-secret-key",
                "GITHUB_TOKEN", "ghp_daemon_token",
                "PLUMBLINE_DB_PASSWORD", "hunter22");
        ChildEnvironment env = ChildEnvironment.base(daemon, dir, dir.resolve("tofurc"));
        // The process sees exactly this map: print it from a child to be sure nothing is added on the way.
        Tofu tofu = new Tofu(Tool.TOFU, FakeTofu.script(dir, "env", "env"), env);
        List<String> lines = new ArrayList<>();

        tofu.plan(dir, dir.resolve("p")).call(l -> lines.add(l.text()), Cancellation.none());

        assertThat(String.join("\n", lines)).doesNotContain("daemon-secret-key", "ghp_daemon_token", "hunter22")
                .contains("TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1", "AWS_EC2_METADATA_DISABLED=true",
                        "TF_CLI_CONFIG_FILE=" + dir.resolve("tofurc"), "HOME=" + dir, "PATH=/usr/bin:/bin");
    }

    @Test
    void secret_values_are_redacted_from_streamed_output() throws Exception {
        ChildEnvironment env = ChildEnvironment.base(Map.of(), dir, null).secret("TF_VAR_db_password", "canary-s3cr3t-7f3a");
        Tofu tofu = new Tofu(Tool.TOFU, FakeTofu.script(dir, "leaky", "echo \"password is $TF_VAR_db_password\""), env);
        List<String> lines = new ArrayList<>();

        CommandResult r = tofu.plan(dir, dir.resolve("p")).call(l -> lines.add(l.text()), Cancellation.none());

        assertThat(lines).containsExactly("password is ***");
        assertThat(r.tail()).containsExactly("password is ***");
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

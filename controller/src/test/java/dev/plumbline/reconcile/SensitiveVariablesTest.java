package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.discovery.SourceTree;
import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.RunnerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitiveVariablesTest {
    private static final WorkspaceId WS = new WorkspaceId("infra", "db");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private SensitiveVariables find(Map<String, String> variables, String... varFiles) {
        WorkspaceSource source = new WorkspaceSource(WS, SourceTree.directory(dir), ".", null, Tool.TOFU, variables,
                Map.of(), List.of(varFiles), null, Map.of());
        return SensitiveVariables.of(source, dir);
    }

    @Test
    void a_plain_value_of_a_variable_declared_sensitive_is_a_secret_and_one_of_a_plain_variable_is_not() throws Exception {
        write("variables.tf", """
                variable "db_password" {
                  type      = string
                  sensitive = true
                }
                variable "region" {
                  type = string
                }
                """);

        SensitiveVariables found = find(Map.of("db_password", "canary-from-yaml", "region", "eu-west-1"));

        assertThat(found.plainSecrets()).containsExactly("db_password");
        assertThat(found.values()).containsExactly("canary-from-yaml");
        assertThat(found.notes()).isEmpty();
    }

    @Test
    void values_from_var_files_tfvars_tofu_loads_itself_and_literal_defaults_of_sensitive_variables_are_secrets()
            throws Exception {
        write("main.tf", """
                variable "api_key" {
                  sensitive = true
                  default   = "canary-default"
                }
                variable "db" {
                  type      = object({ user = string, password = string })
                  sensitive = true
                }
                variable "name" {
                  default = "visible-name"
                }
                """);
        write("env/prod.tfvars", """
                api_key = "canary-var-file"
                name    = "also-visible"
                db = {
                  user     = "app"
                  password = "canary-nested"
                }
                """);
        write("terraform.tfvars.json", "{\"api_key\": \"canary-json-tfvars\", \"name\": \"plain-json\"}");
        write("extra.auto.tfvars", "api_key = \"canary-auto-tfvars\"\n");

        SensitiveVariables found = find(Map.of(), "env/prod.tfvars");

        assertThat(found.values()).containsExactlyInAnyOrder("canary-default", "canary-var-file", "canary-nested",
                "canary-json-tfvars", "canary-auto-tfvars");
        assertThat(found.plainSecrets()).isEmpty();
    }

    @Test
    void the_strings_of_an_object_value_given_in_yaml_are_secrets_one_by_one() throws Exception {
        write("main.tf", "variable \"db\" {\n  type = map(string)\n  sensitive = true\n}\n");
        String value = "{ user = \"admin-user\", password = \"canary-in-map\" }";

        SensitiveVariables found = find(Map.of("db", value));

        assertThat(found.values()).containsExactlyInAnyOrder(value, "admin-user", "canary-in-map");
    }

    @Test
    void a_declaration_in_tf_json_counts() throws Exception {
        write("main.tf.json", "{\"variable\": {\"token\": {\"type\": \"string\", \"sensitive\": true}}}");

        assertThat(find(Map.of("token", "canary-token")).plainSecrets()).containsExactly("token");
    }

    @Test
    void a_sensitive_value_too_short_to_redact_fails_naming_workspace_and_variable_but_not_the_value()
            throws Exception {
        write("main.tf", "variable \"pin\" {\n  sensitive = true\n}\n");

        assertThatThrownBy(() -> find(Map.of("pin", "x9z")))
                .isInstanceOf(RunnerException.class)
                .hasMessageContaining("infra/db").hasMessageContaining("variable pin")
                .hasMessageContaining(".plumbline.yaml").hasMessageContaining("shorter than 4")
                .hasMessageNotContaining("x9z");
    }

    @Test
    void a_configuration_hcl4j_cannot_read_makes_every_plain_variable_a_secret_and_says_so() throws Exception {
        write("broken.tf", "variable \"token\" {\n  sensitive = true\n  default = \"canary-in-broken-file\" +++\n}\n");

        SensitiveVariables found = find(Map.of("token", "canary-token", "region", "eu-west-1", "az", "b"));

        assertThat(found.plainSecrets()).containsExactlyInAnyOrder("token", "region");
        assertThat(found.notes()).anySatisfy(n -> assertThat(n).contains("broken.tf").contains("cannot parse"))
                .anySatisfy(n -> assertThat(n).contains("every variable of infra/db is treated as sensitive"))
                .anySatisfy(n -> assertThat(n).contains("not hidden").contains("az"));
        assertThat(String.join("\n", found.notes())).doesNotContain("canary");
    }

    @Test
    void a_var_file_hcl4j_cannot_read_fails_the_run_naming_it() throws Exception {
        write("main.tf", "variable \"token\" {\n  sensitive = true\n}\n");
        write("prod.tfvars", "token = \"canary-in-bad-file\" +++\n");

        assertThatThrownBy(() -> find(Map.of(), "prod.tfvars"))
                .hasMessageContaining("infra/db").hasMessageContaining("prod.tfvars")
                .hasMessageNotContaining("canary");
    }

    @Test
    void a_workspace_without_sensitive_variables_reads_no_var_file() throws Exception {
        write("main.tf", "variable \"region\" {}\n");
        write("prod.tfvars", "this is not HCL at all {{{\n");

        SensitiveVariables found = find(Map.of("region", "eu-west-1"), "prod.tfvars");

        assertThat(found.plainSecrets()).isEmpty();
        assertThat(found.values()).isEmpty();
    }

    @Test
    void reading_the_configuration_neither_sends_a_request_nor_prints_to_stdout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            write("main.tf", """
                    variable "token" {
                      sensitive = true
                      validation {
                        condition     = length(var.token) > 8 && var.token != "x"
                        error_message = "too short"
                      }
                    }
                    data "http" "probe" {
                      url = "http://127.0.0.1:%d/leak"
                    }
                    locals {
                      body = data.http.probe.response_body
                    }
                    """.formatted(server.getLocalPort()));
            PrintStream stdout = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                SensitiveVariables found = find(Map.of("token", "canary-token"));
                assertThat(found.plainSecrets()).containsExactly("token");
                assertThat(found.notes()).as("the configuration was read whole").isEmpty();
            } finally {
                System.setOut(stdout);
            }

            assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThatThrownBy(server::accept).as("no connection reached the server")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }
}

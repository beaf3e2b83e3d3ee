package dev.plumbline.discovery;

import static dev.plumbline.config.TestFiles.mkdirs;
import static dev.plumbline.config.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleGraphTest {
    @TempDir
    Path root;

    @Test
    void modules_are_followed_through_nesting_relative_to_each_file() {
        write(root, "envs/prod/main.tf", "module \"app\" {\n  source = \"../../modules/app\"\n}\n");
        write(root, "envs/dev/main.tofu", "module \"net\" {\n  source = \"../../modules/net\"\n}\n");
        write(root, "modules/app/main.tf", "module \"net\" {\n  source = \"../net\"\n}\n");
        write(root, "modules/net/main.tf", "module \"sub\" {\n  source = \"./subnet\"\n}\n");
        write(root, "modules/net/subnet/main.tf", "variable \"cidr\" {}\n");
        write(root, "envs/prod/registry.tf", "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n");

        ModuleGraph g = ModuleGraph.scan(root);

        assertThat(g.configDirs()).containsExactly(
                "envs/dev", "envs/prod", "modules/app", "modules/net", "modules/net/subnet");
        assertThat(g.directModules("envs/prod")).containsExactly("modules/app");
        assertThat(g.transitive()).isEqualTo(Map.of(
                "envs/dev", Set.of("modules/net", "modules/net/subnet"),
                "envs/prod", Set.of("modules/app", "modules/net", "modules/net/subnet"),
                "modules/app", Set.of("modules/net", "modules/net/subnet"),
                "modules/net", Set.of("modules/net/subnet"),
                "modules/net/subnet", Set.of()));
        assertThat(g.moduleDirs()).containsExactly("modules/app", "modules/net", "modules/net/subnet");
    }

    @Test
    void hidden_directories_are_skipped_unless_a_module_leads_there() {
        write(root, ".terraform/modules/x/main.tf", "variable \"a\" {}\n");
        write(root, "app/main.tf", "module \"h\" {\n  source = \"../.shared/h\"\n}\n");
        write(root, ".shared/h/main.tf", "variable \"b\" {}\n");

        ModuleGraph g = ModuleGraph.scan(root);

        assertThat(g.configDirs()).containsExactly(".shared/h", "app");
        assertThat(g.modulesOf("app")).containsExactly(".shared/h");
    }

    @Test
    void sources_leaving_the_checkout_or_missing_are_not_followed(@TempDir Path outside) throws Exception {
        write(outside, "main.tf", "variable \"x\" {}\n");
        Files.createSymbolicLink(root.resolve("linked"), outside);
        write(root, "app/main.tf", String.join("\n",
                "module \"a\" { source = \"../../escape\" }",
                "module \"b\" { source = \"../missing\" }",
                "module \"c\" { source = \"../linked\" }",
                "module \"self\" { source = \"./\" }", ""));

        ModuleGraph g = ModuleGraph.scan(root);

        assertThat(g.modulesOf("app")).isEmpty();
        assertThat(g.moduleDirs()).isEmpty();
    }

    @Test
    void cycles_end() {
        ModuleGraph g = new ModuleGraph(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "b")));

        assertThat(g.modulesOf("a")).containsExactly("b", "c");
        assertThat(g.modulesOf("c")).containsExactly("a", "b");
    }

    @Test
    void an_empty_checkout_has_no_configuration() {
        mkdirs(root, "docs");
        assertThat(ModuleGraph.scan(root).configDirs()).isEmpty();
    }
}

package dev.plumbline.discovery;

import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModuleSourcesTest {
    @Test
    void sources_of_module_blocks_are_found() {
        assertThat(ModuleSources.in(yaml(
                "module \"net\" {",
                "  source = \"../../modules/net\"",
                "  cidr   = \"10.0.0.0/16\"",
                "}",
                "module \"db\" {",
                "  for_each = { a = 1, b = 2 }",
                "  source   = \"git::https://example.com/db.git?ref=v1\"",
                "}",
                "module \"one_line\" { source = \"./local\" }"))).containsExactly(
                "../../modules/net", "git::https://example.com/db.git?ref=v1", "./local");
    }

    @Test
    void comments_heredocs_nested_maps_and_other_blocks_are_not_mistaken_for_modules() {
        assertThat(ModuleSources.in(yaml(
                "# module \"old\" { source = \"./old\" }",
                "// module \"older\" { source = \"./older\" }",
                "/* module \"oldest\" {",
                "  source = \"./oldest\"",
                "} */",
                "resource \"local_file\" \"f\" {",
                "  content = <<-EOT",
                "    module \"doc\" { source = \"./doc\" }",
                "  EOT",
                "  source = \"./not-a-module\"",
                "}",
                "module \"real\" {",
                "  providers = { aws = aws.east }",
                "  settings  = { source = \"./nested\", text = \"}\" }",
                "  source    = \"./real\" # the one",
                "}"))).containsExactly("./real");
    }

    @Test
    void only_relative_paths_are_local() {
        assertThat(ModuleSources.isLocal("./x")).isTrue();
        assertThat(ModuleSources.isLocal("../x")).isTrue();
        assertThat(ModuleSources.isLocal("hashicorp/consul/aws")).isFalse();
        assertThat(ModuleSources.isLocal("git::https://example.com/x.git")).isFalse();
        assertThat(ModuleSources.isLocal("/abs/x")).isFalse();
    }
}

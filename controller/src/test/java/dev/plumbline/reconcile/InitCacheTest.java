package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCacheTest {
    @TempDir
    Path root;

    private Path ws;

    @BeforeEach
    void layout() throws Exception {
        ws = Files.createDirectories(root.resolve("workspaces/app"));
        Files.createDirectories(root.resolve("modules/file"));
        Files.writeString(ws.resolve("main.tf"), """
                terraform {
                  required_providers {
                    local = { source = "hashicorp/local", version = "2.9.0" }
                  }
                }
                module "f" {
                  source = "../../modules/file"
                }
                resource "local_file" "x" {
                  content  = "one"
                  filename = "/tmp/x"
                }
                """);
        Files.writeString(root.resolve("modules/file/main.tf"), """
                terraform {
                  required_providers {
                    random = { source = "hashicorp/random", version = "3.9.0" }
                  }
                }
                """);
    }

    private String fp() {
        return InitCache.fingerprint(ws, "tofu", "1.12.6", List.of());
    }

    @Test
    void changing_a_resource_attribute_does_not_require_init() throws Exception {
        String before = fp();
        Files.writeString(ws.resolve("main.tf"), Files.readString(ws.resolve("main.tf")).replace("\"one\"", "\"two\""));
        assertThat(fp()).isEqualTo(before);
    }

    @Test
    void provider_versions_module_sources_nested_modules_lock_file_and_tool_version_require_init() throws Exception {
        String before = fp();
        Files.writeString(ws.resolve("main.tf"), Files.readString(ws.resolve("main.tf")).replace("2.9.0", "2.8.0"));
        String provider = fp();
        assertThat(provider).isNotEqualTo(before);

        Files.writeString(root.resolve("modules/file/main.tf"),
                Files.readString(root.resolve("modules/file/main.tf")).replace("3.9.0", "3.8.0"));
        String nested = fp();
        assertThat(nested).isNotEqualTo(provider);

        Files.writeString(ws.resolve(InitCache.LOCK_FILE), "provider \"registry.opentofu.org/hashicorp/local\" {}\n");
        String locked = fp();
        assertThat(locked).isNotEqualTo(nested);

        assertThat(InitCache.fingerprint(ws, "tofu", "1.12.7", List.of())).isNotEqualTo(locked);
        assertThat(InitCache.fingerprint(ws, "terraform", "1.12.6", List.of())).isNotEqualTo(locked);
    }

    @Test
    void the_recorded_fingerprint_is_current_until_invalidated() {
        try (InitCache cache = InitCache.open(root.resolve("data"), new dev.plumbline.domain.WorkspaceId("r", "w"))) {
            assertThat(cache.isCurrent(fp())).isFalse();
            cache.recordInit(ws, fp());
            assertThat(cache.isCurrent(fp())).isTrue();
            cache.invalidate();
            assertThat(cache.isCurrent(fp())).isFalse();
        }
    }
}

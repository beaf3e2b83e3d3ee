package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared provider processes from the real mirror, and a real plan that attaches to them. */
class ProviderServersIT {
    @TempDir
    Path tmp;

    private ProviderServers servers;

    @BeforeEach
    void start() {
        servers = ProviderServers.forMirror(RealToolchain.get().providerMirror(), Map.of());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private Path lock(String body) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ws" + System.nanoTime()));
        Files.writeString(dir.resolve(".terraform.lock.hcl"), body);
        return dir;
    }

    @Test
    void only_shareable_providers_at_the_locked_version_are_attached() throws Exception {
        Path dir = lock("""
                provider "registry.opentofu.org/hashicorp/local" {
                  version     = "2.9.0"
                  constraints = "2.9.0"
                }
                provider "registry.opentofu.org/hashicorp/random" {
                  version = "3.8.0"
                }
                provider "registry.opentofu.org/hashicorp/aws" {
                  version = "6.0.0"
                }
                """);

        JsonNode attach = new ObjectMapper().readTree(servers.reattachFor(dir));

        assertThat(attach.fieldNames()).toIterable().containsExactly("registry.opentofu.org/hashicorp/local");
        assertThat(attach.path("registry.opentofu.org/hashicorp/local").path("Addr").path("Network").asText())
                .isEqualTo("unix");
        assertThat(servers.reattachFor(lock("provider \"registry.opentofu.org/hashicorp/aws\" {\n  version = \"6.0.0\"\n}\n")))
                .isNull();
        assertThat(servers.reattachFor(tmp)).as("no lock file").isNull();
    }

    @Test
    void can_be_turned_off() {
        assertThat(ProviderServers.forMirror(RealToolchain.get().providerMirror(),
                Map.of("PLUMBLINE_REUSE_PROVIDERS", "0"))).isNull();
    }

    @Test
    void a_plan_attached_to_shared_providers_still_sees_drift_and_a_dead_provider_is_started_again() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path file = tmp.resolve("out.txt");
        Files.writeString(ws.resolve("main.tf"), """
                terraform {
                  required_providers {
                    local  = { source = "hashicorp/local", version = "2.9.0" }
                    random = { source = "hashicorp/random", version = "3.9.0" }
                  }
                }
                resource "random_pet" "p" {}
                resource "local_file" "f" {
                  filename = "%s"
                  content  = random_pet.p.id
                }
                """.formatted(file));
        Tofu tofu = RealToolchain.tofu(Files.createDirectories(tmp.resolve("home")));
        Path plan = tmp.resolve("p.tfplan");
        assertThat(tofu.init(ws).call(OutputSink.DISCARD, Cancellation.none()).succeeded()).isTrue();
        tofu.plan(ws, plan).call(OutputSink.DISCARD, Cancellation.none());
        assertThat(tofu.apply(ws, plan).call(OutputSink.DISCARD, Cancellation.none()).succeeded()).isTrue();

        String attach = servers.reattachFor(ws);
        assertThat(attach).contains("hashicorp/local", "hashicorp/random");
        tofu.environment().set("TF_REATTACH_PROVIDERS", attach);
        assertThat(tofu.plan(ws, plan).call(OutputSink.DISCARD, Cancellation.none()).exitCode())
                .as("in sync through the shared providers").isZero();

        Files.writeString(file, "changed by hand");
        assertThat(tofu.plan(ws, plan).call(OutputSink.DISCARD, Cancellation.none()).exitCode())
                .as("drift seen through the shared providers").isEqualTo(2);

        long pid = new ObjectMapper().readTree(attach).path("registry.opentofu.org/hashicorp/local").path("Pid").asLong();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        org.awaitility.Awaitility.await().until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        String again = servers.reattachFor(ws);
        assertThat(new ObjectMapper().readTree(again).path("registry.opentofu.org/hashicorp/local").path("Pid").asLong())
                .isNotEqualTo(pid);
    }
}

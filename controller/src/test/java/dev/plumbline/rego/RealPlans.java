package dev.plumbline.rego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.OutputSink;
import dev.plumbline.runner.Tofu;
import dev.plumbline.testing.RealToolchain;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plan made by the real tofu, once per test JVM: {@code terraform_data.keep} updated and
 * {@code terraform_data.secret}, whose input is a sensitive variable, deleted.
 */
public final class RealPlans {
    public static final String SECRET = "hunter2-policy-canary-5f1e";
    private static byte[] deletion;

    private RealPlans() { }

    public static synchronized byte[] deletion() throws IOException {
        if (deletion == null) {
            Path dir = Files.createTempDirectory("plumbline-policy-plan");
            try {
                deletion = make(dir);
            } finally {
                Dirs.deleteRecursively(dir);
            }
        }
        return deletion.clone();
    }

    private static byte[] make(Path dir) throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Tofu tofu = RealToolchain.tofu(Files.createDirectories(dir.resolve("home")));
        Files.writeString(ws.resolve("main.tf"), """
                variable "password" {
                  type      = string
                  sensitive = true
                  default   = "%s"
                }

                resource "terraform_data" "keep" {
                  input = "first"
                }

                resource "terraform_data" "secret" {
                  input = var.password
                }
                """.formatted(SECRET));
        ok(tofu.init(ws).call(OutputSink.DISCARD, Cancellation.none()));
        ok(tofu.plan(ws, ws.resolve("first.plan")).call(OutputSink.DISCARD, Cancellation.none()));
        ok(tofu.apply(ws, ws.resolve("first.plan")).call(OutputSink.DISCARD, Cancellation.none()));
        Files.writeString(ws.resolve("main.tf"), """
                resource "terraform_data" "keep" {
                  input = "second"
                }
                """);
        ok(tofu.plan(ws, ws.resolve("second.plan")).call(OutputSink.DISCARD, Cancellation.none()));
        CommandResult show = tofu.showJson(ws, ws.resolve("second.plan")).call(OutputSink.DISCARD,
                Cancellation.none());
        ok(show);
        assertThat(show.stdout()).contains(SECRET); // unmasked, as OPA gets it
        return show.stdout().getBytes(StandardCharsets.UTF_8);
    }

    private static void ok(CommandResult r) {
        assertThat(r.succeeded() || r.planSucceeded()).as(r.describeFailure()).isTrue();
    }
}

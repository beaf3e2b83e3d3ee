package dev.plumbline.rego;

import static dev.plumbline.config.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Outcome;
import dev.plumbline.plan.SensitiveStrings;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.Redactor;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real OPA on a plan of the real tofu. */
class EvaluationTest {
    @TempDir
    Path tmp;

    @Test
    void conftest_policies_written_as_atlantis_users_write_them_work_unchanged() throws Exception {
        Path dir = write(tmp, "atlantis/policy.rego", """
                package main

                deny[msg] {
                  rc := input.resource_changes[_]
                  rc.change.actions[_] == "delete"
                  msg := sprintf("%s: deleting is not allowed", [rc.address])
                }

                warn[msg] {
                  rc := input.resource_changes[_]
                  rc.change.actions[_] == "update"
                  msg := sprintf("%s is updated in place", [rc.address])
                }
                """).getParent();
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(30));
        assertThat(r.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(r.denials()).extracting(PolicyResult.Message::text)
                .containsExactly("terraform_data.secret: deleting is not allowed");
        assertThat(r.warnings()).extracting(PolicyResult.Message::rule, PolicyResult.Message::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main.warn",
                        "terraform_data.keep is updated in place"));
    }

    @Test
    void a_set_read_as_rego_v0_once_is_read_so_first_and_read_again_when_it_moves_to_v1() throws Exception {
        Path dir = write(tmp, "moving/p.rego", "package main\n\ndeny[msg] { msg := \"old\" }\n").getParent();
        Set<String> v0 = new HashSet<>();
        Evaluation evaluation = new Evaluation(RealToolchain.opa(Files.createDirectories(tmp.resolve("home"))),
                Duration.ofSeconds(30), v0);
        PolicyFiles files = new PolicyFiles("moving", Enforcement.MANDATORY, List.of("main"), List.of(dir));
        assertThat(evaluation.evaluate(files, RealPlans.deletion(), UnaryOperator.identity(), Cancellation.none())
                .denials()).extracting(PolicyResult.Message::text).containsExactly("old");
        assertThat(v0).containsExactly("moving");
        Files.writeString(dir.resolve("p.rego"), "package main\n\ndeny contains \"new\" if true\n");
        assertThat(evaluation.evaluate(files, RealPlans.deletion(), UnaryOperator.identity(), Cancellation.none())
                .denials()).extracting(PolicyResult.Message::text).containsExactly("new");
        assertThat(v0).isEmpty();
    }

    @Test
    void rego_v1_rules_and_objects_with_msg_in_a_named_namespace() throws Exception {
        Path dir = write(tmp, "v1/terraform.rego", """
                package terraform.deletions

                violation contains {"msg": msg, "address": rc.address} if {
                  some rc in input.resource_changes
                  "delete" in rc.change.actions
                  msg := concat(" ", [rc.address, "would be deleted"])
                }
                """).getParent();
        PolicyResult r = evaluate(dir, List.of("terraform.deletions"), Duration.ofSeconds(30));
        assertThat(r.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(r.messages()).extracting(PolicyResult.Message::kind, PolicyResult.Message::rule,
                PolicyResult.Message::text).containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.DENY,
                "terraform.deletions.violation", "terraform_data.secret would be deleted"));
    }

    @Test
    void a_warn_only_policy_warns_and_does_not_deny() throws Exception {
        Path dir = write(tmp, "warn/w.rego", """
                package main

                warn contains "the plan changes something" if count(input.resource_changes) > 0
                """).getParent();
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(30));
        assertThat(r.outcome()).isEqualTo(Outcome.WARNED);
        assertThat(r.blocks()).isFalse();
        assertThat(r.warnings()).hasSize(1);
    }

    @Test
    void a_syntax_error_is_an_error_naming_the_file_and_line_and_blocks_a_mandatory_set() throws Exception {
        Path dir = write(tmp, "broken/bad.rego", "package main\n\ndeny contains msg if {\n  msg := \n}\n")
                .getParent();
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(30));
        assertThat(r.outcome()).isEqualTo(Outcome.ERRORED);
        assertThat(r.error()).startsWith("evaluating policy set test: bad.rego:").contains("rego_parse_error");
        assertThat(r.blocks()).isTrue();
    }

    @Test
    void an_evaluation_past_its_timeout_is_an_error() throws Exception {
        Path dir = write(tmp, "slow/slow.rego", """
                package main

                deny contains "never" if {
                  count([x | some x in numbers.range(1, 100000000); x % 7 == 0]) < 0
                }
                """).getParent();
        long started = System.nanoTime();
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(1));
        assertThat(r.outcome()).isEqualTo(Outcome.ERRORED);
        assertThat(r.error()).contains("evaluating policy set test:");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void a_policy_cannot_send_the_plan_anywhere_nor_read_the_environment() throws Exception {
        Path dir = write(tmp, "exfiltrate/x.rego", """
                package main

                deny contains "sent" if {
                  http.send({"method": "POST", "url": "http://127.0.0.1:9/", "body": input})
                }
                """).getParent();
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(30));
        assertThat(r.outcome()).isEqualTo(Outcome.ERRORED);
        assertThat(r.error()).contains("x.rego:4", "http.send");
        Path env = write(tmp, "env/e.rego", "package main\n\nwarn contains m if { m := opa.runtime().env.HOME }\n")
                .getParent();
        assertThat(evaluate(env, List.of("main"), Duration.ofSeconds(30)).error()).contains("opa.runtime");
    }

    @Test
    void a_namespace_that_no_file_declares_is_an_error() throws Exception {
        Path dir = write(tmp, "other/p.rego", "package other\n\ndeny contains \"x\" if false\n").getParent();
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(30));
        assertThat(r.outcome()).isEqualTo(Outcome.ERRORED);
        assertThat(r.error()).endsWith("namespace main has no rules: no file of the set declares package main");
    }

    @Test
    void a_sensitive_value_that_a_message_prints_is_masked() throws Exception {
        Path dir = write(tmp, "leaky/leak.rego", """
                package main

                deny contains msg if {
                  some rc in input.resource_changes
                  "delete" in rc.change.actions
                  msg := sprintf("%s held %v", [rc.address, rc.change.before.input])
                }
                """).getParent();
        byte[] plan = RealPlans.deletion();
        Redactor mask = Redactor.of(SensitiveStrings.of(plan));
        PolicyResult r = evaluate(dir, List.of("main"), Duration.ofSeconds(30), plan, mask::redact);
        assertThat(r.denials()).extracting(PolicyResult.Message::text)
                .containsExactly("terraform_data.secret held " + Redactor.MASK);
        assertThat(r.toString()).doesNotContain(RealPlans.SECRET);
    }

    private PolicyResult evaluate(Path dir, List<String> namespaces, Duration timeout) throws Exception {
        return evaluate(dir, namespaces, timeout, RealPlans.deletion(), UnaryOperator.identity());
    }

    private PolicyResult evaluate(Path dir, List<String> namespaces, Duration timeout, byte[] plan,
            UnaryOperator<String> mask) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        return new Evaluation(RealToolchain.opa(home), timeout).evaluate(
                new PolicyFiles("test", Enforcement.MANDATORY, namespaces, List.of(dir)), plan, mask,
                Cancellation.none());
    }
}

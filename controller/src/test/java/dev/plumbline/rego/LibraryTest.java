package dev.plumbline.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Outcome;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in policies: their own Rego tests, and each on a plan of the real tofu, as a set uses them. */
class LibraryTest {
    @TempDir
    Path tmp;

    @Test
    void the_rego_tests_of_every_built_in_pass() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Library.NAMES.forEach(n -> Library.write(n, lib));
        Path tests = Path.of("src/test/resources/dev/plumbline/rego/library").toAbsolutePath();
        CommandResult r = RealToolchain.opa(Files.createDirectories(tmp.resolve("home")))
                .test(List.of(lib, tests), Duration.ofMinutes(1));
        assertThat(r.succeeded()).as(r.stdout()).isTrue();
        assertThat(r.stdout()).contains("PASS: 15/15");
    }

    @Test
    void protected_types_stop_a_deletion_and_unprotected_ones_pass() throws Exception {
        assertThat(builtin("protected", "{\"types\": [\"terraform_data\"]}").denials())
                .extracting(PolicyResult.Message::text)
                .containsExactly("terraform_data.secret is protected and would be deleted");
        assertThat(builtin("protected", "{\"addresses\": [\"terraform_data.keep\"]}").outcome())
                .isEqualTo(Outcome.PASSED);
    }

    @Test
    void max_deletions_counts_the_plans_deletions() throws Exception {
        assertThat(builtin("max_deletions", "{\"max\": 0}").denials()).extracting(PolicyResult.Message::text)
                .containsExactly("the plan deletes 1 resources, more than the 0 allowed without an operator: "
                        + "terraform_data.secret");
        assertThat(builtin("max_deletions", "{\"max\": 1}").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void allowed_providers_names_the_provider_used() throws Exception {
        assertThat(builtin("allowed_providers", "{\"providers\": [\"hashicorp/local\"]}").denials())
                .extracting(PolicyResult.Message::text).allMatch(t -> t.contains("terraform.io/builtin/terraform"))
                .hasSize(2);
        assertThat(builtin("allowed_providers", "{\"providers\": [\"builtin/terraform\"]}").outcome())
                .isEqualTo(Outcome.PASSED);
    }

    @Test
    void required_tags_leave_resources_without_tags_alone() throws Exception {
        assertThat(builtin("required_tags", "{\"tags\": [\"owner\"]}").outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void an_unknown_built_in_is_refused_with_the_known_ones() {
        assertThatThrownBy(() -> Library.write("nope", tmp))
                .isInstanceOf(RegoException.class).hasMessage("reading the built-in policy nope: there is none; "
                        + "the built-ins are protected, required_tags, allowed_providers, max_deletions");
    }

    private PolicyResult builtin(String name, String params) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name + "-" + System.nanoTime()));
        List<Path> data = new ArrayList<>(List.of(Library.write(name, dir)));
        data.add(Files.writeString(dir.resolve("params.json"), "{\"params\": " + params + "}"));
        PolicyResult r = new Evaluation(RealToolchain.opa(dir), Duration.ofSeconds(30)).evaluate(
                new PolicyFiles(name, Enforcement.MANDATORY, List.of(Library.namespace(name)), data),
                RealPlans.deletion(), UnaryOperator.identity(), Cancellation.none());
        assertThat(r.error()).isNull();
        return r;
    }
}

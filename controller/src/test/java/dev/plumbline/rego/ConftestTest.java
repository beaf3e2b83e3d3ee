package dev.plumbline.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConftestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deny_violation_and_warn_rules_and_their_prefixed_forms_are_read_as_conftest_reads_them() throws Exception {
        JsonNode data = JSON.readTree("""
                {"main": {
                   "deny": ["a is deleted"],
                   "deny_tags": [{"msg": "b lacks tags", "details": {"x": 1}}],
                   "violation": [{"msg": "c is open", "id": 7}],
                   "warn": ["d is large"],
                   "warn_cost": true,
                   "helper": ["not a message"],
                   "denylist": ["not a rule conftest reads"],
                   "nested": {"deny": ["another package"]}
                 }}""");
        assertThat(Conftest.messages(data, List.of("main"))).containsExactly(
                new Message(Kind.DENY, "main.deny", "a is deleted"),
                new Message(Kind.DENY, "main.deny_tags", "b lacks tags"),
                new Message(Kind.DENY, "main.violation", "c is open"),
                new Message(Kind.WARN, "main.warn", "d is large"),
                new Message(Kind.WARN, "main.warn_cost", "(the rule is true)"));
    }

    @Test
    void empty_or_false_rules_say_nothing_and_namespaces_are_followed_by_their_dots() throws Exception {
        JsonNode data = JSON.readTree("""
                {"main": {"deny": [], "warn": false},
                 "terraform": {"aws": {"deny": "one string", "violation": [42, {"no": "msg"}]}}}""");
        assertThat(Conftest.messages(data, List.of("main", "terraform.aws"))).containsExactly(
                new Message(Kind.DENY, "terraform.aws.deny", "one string"),
                new Message(Kind.DENY, "terraform.aws.violation", "42"),
                new Message(Kind.DENY, "terraform.aws.violation", "{\"no\":\"msg\"}"));
    }

    @Test
    void a_namespace_no_file_declares_is_an_error_naming_it() throws Exception {
        JsonNode data = JSON.readTree("{\"main\": {\"deny\": []}}");
        assertThatThrownBy(() -> Conftest.messages(data, List.of("main", "policy.aws")))
                .isInstanceOf(RegoException.class)
                .hasMessage("namespace policy.aws has no rules: no file of the set declares package policy.aws");
    }

    @Test
    void a_long_message_is_cut() throws Exception {
        JsonNode data = JSON.readTree("{\"main\": {\"deny\": [\"" + "x".repeat(5000) + "\"]}}");
        assertThat(Conftest.messages(data, List.of("main")).get(0).text()).hasSize(Conftest.MAX_LENGTH + 3);
    }
}

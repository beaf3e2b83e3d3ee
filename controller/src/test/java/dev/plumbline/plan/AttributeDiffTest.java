package dev.plumbline.plan;

import static dev.plumbline.plan.MasksTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeDiffTest {

    @Test
    void paths_name_nested_keys_and_list_indexes() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("{\"content\":\"a\",\"tags\":{\"env\":\"dev\",\"team\":\"x\"},\"ingress\":[{\"port\":80}]}"),
                json("{\"content\":\"b\",\"tags\":{\"env\":\"prod\",\"team\":\"x\"},\"ingress\":[{\"port\":8080}]}"),
                null, null, null, Secrets.none());

        assertThat(changes).extracting(AttributeChange::path, AttributeChange::beforeText, AttributeChange::afterText)
                .containsExactly(
                        tuple("content", "\"a\"", "\"b\""),
                        tuple("tags.env", "\"dev\"", "\"prod\""),
                        tuple("ingress[0].port", "80", "8080"));
    }

    @Test
    void keys_that_are_not_identifiers_are_quoted() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("{\"tags\":{\"app.kubernetes.io/name\":\"a\"}}"),
                json("{\"tags\":{\"app.kubernetes.io/name\":\"b\"}}"), null, null, null, Secrets.none());

        assertThat(changes).extracting(AttributeChange::path).containsExactly("tags[\"app.kubernetes.io/name\"]");
    }

    @Test
    void grown_and_shrunk_lists_report_the_extra_elements() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("{\"ports\":[80,443],\"names\":[\"a\"]}"), json("{\"ports\":[80],\"names\":[\"a\",\"b\"]}"),
                null, null, null, Secrets.none());

        assertThat(changes).extracting(AttributeChange::path, AttributeChange::beforeText, AttributeChange::afterText)
                .containsExactly(tuple("ports[1]", "443", "null"), tuple("names[1]", "null", "\"b\""));
    }

    @Test
    void a_changed_sensitive_value_is_listed_with_both_sides_masked() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("{\"content\":\"old-secret\",\"filename\":\"f\"}"),
                json("{\"content\":\"new-secret\",\"filename\":\"f\"}"),
                json("{\"content\":true}"), json("{\"content\":true}"), null, Secrets.none());

        assertThat(changes).extracting(AttributeChange::path, AttributeChange::beforeText, AttributeChange::afterText)
                .containsExactly(tuple("content", "(sensitive value)", "(sensitive value)"));
    }

    @Test
    void keys_of_a_sensitive_map_never_become_paths() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("{\"secrets\":{\"old-key-secret\":\"1\"}}"), json("{\"secrets\":{\"new-key-secret\":\"1\"}}"),
                json("{\"secrets\":true}"), json("{\"secrets\":true}"), null, Secrets.none());

        assertThat(changes).extracting(AttributeChange::path).containsExactly("secrets");
        assertThat(changes.toString()).doesNotContain("key-secret");
    }

    @Test
    void a_value_known_only_after_apply_is_a_change_shown_as_unknown() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("{\"input\":\"a\",\"output\":\"a\",\"id\":\"1\"}"), json("{\"input\":\"b\",\"id\":\"1\"}"),
                json("{}"), json("{}"), json("{\"output\":true}"), Secrets.none());

        assertThat(changes).extracting(AttributeChange::path, AttributeChange::beforeText, AttributeChange::afterText)
                .containsExactly(tuple("input", "\"a\"", "\"b\""), tuple("output", "\"a\"", "(known after apply)"));
    }

    @Test
    void a_created_object_lists_each_attribute_and_skips_nulls() throws Exception {
        List<AttributeChange> changes = AttributeDiff.between(
                json("null"), json("{\"content\":\"x\",\"file_permission\":null,\"tags\":{\"env\":\"dev\"}}"),
                json("false"), json("{}"), json("{\"id\":true}"), Secrets.none());

        assertThat(changes).extracting(AttributeChange::path).containsExactly("content", "tags.env", "id");
    }

    @Test
    void equal_values_give_no_changes() throws Exception {
        assertThat(AttributeDiff.between(json("{\"a\":[1,{\"b\":2}]}"), json("{\"a\":[1,{\"b\":2}]}"),
                null, null, null, Secrets.none())).isEmpty();
    }
}

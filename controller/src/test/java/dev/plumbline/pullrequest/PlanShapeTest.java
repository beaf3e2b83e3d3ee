package dev.plumbline.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanShapeTest {
    private static String plan(String... changes) {
        return "{\"format_version\": \"1.2\", \"timestamp\": \"" + System.nanoTime() + "\", \"resource_changes\": ["
                + String.join(", ", changes) + "]}";
    }

    private static String change(String address, String action, String after) {
        return "{\"address\": \"" + address + "\", \"change\": {\"actions\": [\"" + action + "\"], \"after\": "
                + after + ", \"after_unknown\": {}}}";
    }

    @Test
    void the_same_changes_planned_twice_look_the_same_whatever_their_order_and_timestamp() {
        PlanShape a = PlanShape.of(plan(change("a.x", "create", "{\"v\": 1}"), change("b.y", "update", "{}")));
        PlanShape b = PlanShape.of(plan(change("b.y", "update", "{}"), change("a.x", "create", "{\"v\": 1}")));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void reads_and_no_ops_do_not_count() {
        assertThat(PlanShape.of(plan(change("data.x", "read", "{}"), change("a.x", "no-op", "{}"))).changesNothing())
                .isTrue();
        assertThat(PlanShape.of("{}")).isEqualTo(PlanShape.of(plan()));
    }

    @Test
    void a_different_value_or_action_is_a_different_plan_and_names_its_address() {
        PlanShape reviewed = PlanShape.of(plan(change("a.x", "create", "{\"v\": 1}")));
        PlanShape branch = PlanShape.of(plan(change("a.x", "create", "{\"v\": 2}"), change("c.z", "delete", "null")));

        assertThat(branch).isNotEqualTo(reviewed);
        assertThat(branch.differingAddresses(reviewed)).containsExactly("a.x", "c.z");
    }
}

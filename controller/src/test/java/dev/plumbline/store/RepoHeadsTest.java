package dev.plumbline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepoHeadsTest extends OnEachStore {
    private static final String ONE = "1111111111111111111111111111111111111111";
    private static final String TWO = "2222222222222222222222222222222222222222";
    private static final String THREE = "3333333333333333333333333333333333333333";

    @Test
    void a_head_moves_only_from_where_the_mover_saw_it() {
        try (Database db = store().open()) {
            assertThat(db.repoHeads().advance("infra", Optional.empty(), ONE)).isTrue();
            assertThat(db.repoHeads().advance("infra", Optional.empty(), TWO)).as("already seen").isFalse();
            assertThat(db.repoHeads().advance("infra", Optional.of(ONE), TWO)).isTrue();
            assertThat(db.repoHeads().advance("infra", Optional.of(ONE), THREE)).as("moved by another").isFalse();

            assertThat(db.repoHeads().lastSeen("infra")).hasValue(TWO);
        }
    }
}

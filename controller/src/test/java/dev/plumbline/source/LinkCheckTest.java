package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkCheckTest {
    @Test
    void relative_links_inside_the_tree_stay_inside() {
        LinkCheck check = new LinkCheck(Map.of("a/b/link", "../c/file", "up", "a/b/../.", "sibling", "a"));

        assertThat(check.staysInside("a/b/link")).isTrue();
        assertThat(check.staysInside("up")).isTrue();
        assertThat(check.staysInside("sibling")).isTrue();
    }

    @Test
    void absolute_and_climbing_links_leave() {
        LinkCheck check = new LinkCheck(Map.of("abs", "/etc/passwd", "climb", "../x", "deep/climb", "../../x",
                "empty", "", "back", "a\\..\\..\\x"));

        assertThat(check.staysInside("abs")).isFalse();
        assertThat(check.staysInside("climb")).isFalse();
        assertThat(check.staysInside("deep/climb")).isFalse();
        assertThat(check.staysInside("empty")).isFalse();
        assertThat(check.staysInside("back")).isFalse();
    }

    @Test
    void links_are_followed_through_other_links() {
        LinkCheck check = new LinkCheck(Map.of(
                "here", ".",
                "via-here", "here/../secret",
                "deep", "a/b/c",
                "via-deep", "deep/../../x",
                "loop-a", "loop-b/x",
                "loop-b", "loop-a/x"));

        assertThat(check.staysInside("via-here")).isFalse();
        assertThat(check.staysInside("via-deep")).isTrue(); // a/b/c/../.. is a, inside
        assertThat(check.staysInside("loop-a")).isFalse();
    }
}

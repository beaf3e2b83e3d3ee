package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {
    private static final List<String> PATHS = List.of("legacy", "legacy/a", "legacy/a/b", "a", "a-old", "b-old",
            "x/legacy", "x/y/z", ".hidden", "ab", "a.b", "a]b", "abc/def", "[x]", "c-old/d", "a*b", "");

    @Test
    void matches_what_the_jdk_glob_matches() {
        for (String glob : List.of("legacy", "legacy/**", "*-old", "**/legacy", "x/*", "x/**", "?", "??", "a?b",
                "[ab]*", "[!a]*", "[a-c]-old", "{a,b}-old", "{legacy,x}/**", "a\\*b", "**", "*", "*/*", "a*", "*b",
                "**/z", "x/**/z", "abc/*", "[!.]*")) {
            var jdk = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            Glob ours = Glob.of(glob);
            for (String p : PATHS) {
                if (p.isEmpty()) {
                    continue;
                }
                assertThat(ours.matches(p)).as("glob %s against %s", glob, p).isEqualTo(jdk.matches(Path.of(p)));
            }
        }
    }

    @Test
    void many_stars_against_a_long_name_do_not_backtrack() {
        Glob g = Glob.of("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
        String name = "a".repeat(5000);
        long started = System.nanoTime();
        assertThat(g.matches(name)).isFalse();
        assertThat(g.matches(name + "b")).isTrue();
        // Not a timing test: the JDK matcher would not return at all in the test's lifetime for this input.
        assertThat(System.nanoTime() - started).isPositive();
    }

    @Test
    void bad_globs_say_what_is_wrong() {
        assertThatThrownBy(() -> Glob.of("[ab")).hasMessage("has a '[' without its ']'");
        assertThatThrownBy(() -> Glob.of("{a,b")).hasMessage("has a '{' without its '}'");
        assertThatThrownBy(() -> Glob.of("a}")).hasMessage("has a '}' without its '{'");
        assertThatThrownBy(() -> Glob.of("{a,{b,c}}")).hasMessage("nests '{' groups, which globs do not support");
        assertThatThrownBy(() -> Glob.of("x".repeat(501))).hasMessage("is longer than 500 characters");
        assertThatThrownBy(() -> Glob.of("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"))
                .hasMessageContaining("more than 64 alternatives");
        assertThatThrownBy(() -> Glob.of("[z-a]")).hasMessageContaining("whose end comes first");
    }
}

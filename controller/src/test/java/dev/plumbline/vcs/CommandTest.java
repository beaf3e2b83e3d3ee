package dev.plumbline.vcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    @Test
    void apply_without_workspace_means_every_workspace() {
        assertThat(Command.parse("plumbline apply"))
                .contains(new Command(Command.Kind.APPLY, Optional.empty()));
    }

    @Test
    void plan_with_a_workspace_names_it() {
        assertThat(Command.parse("plumbline plan network"))
                .contains(new Command(Command.Kind.PLAN, Optional.of("network")));
    }

    @Test
    void letter_case_and_surrounding_space_do_not_matter() {
        assertThat(Command.parse("  \n Plumbline   APPLY   prod-eu.1  \r\n"))
                .contains(new Command(Command.Kind.APPLY, Optional.of("prod-eu.1")));
    }

    @Test
    void only_the_first_line_counts() {
        assertThat(Command.parse("plumbline apply dns\r\nplumbline apply everything-else"))
                .contains(new Command(Command.Kind.APPLY, Optional.of("dns")));
        assertThat(Command.parse("Looks good.\nplumbline apply")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "> plumbline apply",
        "please plumbline apply",
        "plumbline apply network now",
        "`plumbline apply`",
        "plumbline",
        "plumbline destroy",
        "plumbline apply ../etc",
        "plumblineapply",
        "",
        "<!-- plumbline:report -->\n| plumbline apply |"
    })
    void other_text_is_not_a_command(String body) {
        assertThat(Command.parse(body)).isEmpty();
    }

    @Test
    void a_missing_body_is_not_a_command() {
        assertThat(Command.parse(null)).isEmpty();
    }

    @Test
    void the_command_prints_as_typed() {
        assertThat(new Command(Command.Kind.APPLY, Optional.of("network"))).hasToString("plumbline apply network");
        assertThat(new Command(Command.Kind.PLAN, Optional.empty())).hasToString("plumbline plan");
    }
}

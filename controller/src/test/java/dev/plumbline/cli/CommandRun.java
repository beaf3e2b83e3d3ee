package dev.plumbline.cli;

import dev.plumbline.testing.BadInput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/**
 * One CLI command run in process as a user runs it, with what it printed: on the CLI's 512 KiB stack, so input that
 * would overflow the stack of {@code ./plumbline} overflows it here too, and failing when it takes over
 * {@code limit} (a hang detector, not a speed target).
 */
record CommandRun(int exit, String out, String err) {
    static CommandRun of(String what, Duration limit, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = BadInput.onCliStack(what, limit, () -> {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        });
        return new CommandRun(exit, out.toString(), err.toString());
    }
}

package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Tool;
import dev.plumbline.testing.FakeTofu;
import dev.plumbline.testing.Interruptible;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping, timeouts and crashes, with FAKE tofu scripts: a real tofu cannot hang or crash on demand. */
class ProcessStopTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<OutputLine> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void toolsCanBeInterrupted() {
        Interruptible.require();
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private Tofu fake(String name, String body) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        return new Tofu(Tool.TOFU, FakeTofu.script(dir, name, body), ChildEnvironment.base(System.getenv(), home, null));
    }

    @Test
    void cancellation_sends_sigint_first_and_the_tool_may_exit_cleanly() throws Exception {
        Tofu tofu = fake("graceful", """
                trap 'echo "Interrupt received, releasing state lock"; exit 130' INT
                echo started
                while true; do sleep 0.1; done""");
        Cancellation cancel = new Cancellation();
        timer.schedule(() -> cancel.cancel("test"), 1, TimeUnit.SECONDS);

        CommandResult r = tofu.plan(dir, dir.resolve("p.tfplan")).call(lines::add, cancel);

        assertThat(r.ending()).isEqualTo(CommandResult.Ending.CANCELLED);
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(lines).extracting(OutputLine::text).contains("started", "Interrupt received, releasing state lock");
    }

    @Test
    void a_tool_that_ignores_sigint_is_killed_after_the_grace_period() throws Exception {
        Tofu tofu = fake("stubborn", """
                trap 'echo "ignoring interrupt"' INT
                echo started
                while true; do sleep 0.1; done""").interruptGrace(Duration.ofMillis(1500));
        Cancellation cancel = new Cancellation();
        timer.schedule(() -> cancel.cancel("test"), 500, TimeUnit.MILLISECONDS);

        long t0 = System.nanoTime();
        CommandResult r = tofu.plan(dir, dir.resolve("p.tfplan")).call(lines::add, cancel);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.ending()).isEqualTo(CommandResult.Ending.CANCELLED);
        assertThat(r.exitCode()).isEqualTo(137); // 128 + SIGKILL
        assertThat(lines).extracting(OutputLine::text).contains("ignoring interrupt");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void a_hung_tool_times_out_and_is_interrupted() throws Exception {
        Tofu tofu = fake("hang", """
                trap 'echo interrupted; exit 1' INT
                while true; do sleep 0.1; done""");

        CommandResult r = tofu.plan(dir, dir.resolve("p.tfplan")).timeout(Duration.ofMillis(800))
                .call(lines::add, Cancellation.none());

        assertThat(r.ending()).isEqualTo(CommandResult.Ending.TIMED_OUT);
        assertThat(r.describeFailure()).contains("timed out");
        assertThat(lines).extracting(OutputLine::text).contains("interrupted");
    }

    @Test
    void a_crash_mid_output_keeps_the_partial_output_and_the_exit_code() throws Exception {
        Tofu tofu = fake("crash", """
                echo "random_pet.name: Refreshing state..."
                printf 'half a line without newline'
                kill -SEGV $$""");

        CommandResult r = tofu.plan(dir, dir.resolve("p.tfplan")).call(lines::add, Cancellation.none());

        assertThat(r.ending()).isEqualTo(CommandResult.Ending.EXITED);
        assertThat(r.exitCode()).isEqualTo(139); // 128 + SIGSEGV
        assertThat(r.planSucceeded()).isFalse();
        assertThat(lines).extracting(OutputLine::text)
                .containsExactly("random_pet.name: Refreshing state...", "half a line without newline");
        assertThat(r.tail()).contains("half a line without newline");
    }


    @Test
    void a_missing_binary_is_a_clear_error() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Tofu(Tool.TOFU, dir.resolve("nope"),
                        ChildEnvironment.base(System.getenv(), dir, null)))
                .isInstanceOf(RunnerException.class)
                .hasMessageContaining("tofu binary " + dir.resolve("nope") + " is missing");
    }
}

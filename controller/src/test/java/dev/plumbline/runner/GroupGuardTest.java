package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.testing.Interruptible;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard beside each tool, with a real process group (setsid sleep): its input ending interrupts the group;
 * disarmed, it does nothing, not even when its input ends later. The end of this JVM is {@code CliKillIT}'s.
 */
class GroupGuardTest {
    private Process group;

    @BeforeAll
    static void toolsCanBeInterrupted() {
        Interruptible.require();
    }

    @AfterEach
    void cleanUp() {
        if (group != null) {
            group.destroyForcibly();
        }
    }

    private Process leader() throws Exception {
        assumeThat(GroupGuard.available()).as("xargs and kill on this machine").isTrue();
        // setsid execs sleep in place: the sleep leads a process group of its own, as tofu does
        group = new ProcessBuilder("/usr/bin/setsid", "sleep", "300").start();
        return group;
    }

    @Test
    void the_end_of_its_input_interrupts_the_whole_group() throws Exception {
        Process tool = leader();
        GroupGuard guard = GroupGuard.watch("-" + tool.pid());

        assertThat(guard.interrupt()).isTrue();

        assertThat(tool.waitFor(10, TimeUnit.SECONDS)).as("the tool got SIGINT").isTrue();
        assertThat(tool.exitValue()).isEqualTo(128 + 2);
        assertThat(guard.interrupt()).as("once").isFalse();
    }

    @Test
    void a_disarmed_guard_sends_nothing() throws Exception {
        Process tool = leader();
        GroupGuard guard = GroupGuard.watch("-" + tool.pid());

        guard.disarm();

        assertThat(guard.interrupt()).isFalse();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(tool::isAlive);
    }
}

package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One daemon per data directory: a second start on the same one is refused, and the lock goes with the daemon. */
class DaemonLockTest {
    @TempDir
    Path tmp;

    @Test
    void a_second_daemon_on_the_same_data_dir_is_refused_naming_it_and_the_first_one() throws Exception {
        Path data = tmp.resolve("data");
        Path config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, "data_dir: " + data + "\n");
        try (Daemon first = new Daemon(App.open(config, Map.of()))) {
            first.start();

            try (Daemon second = new Daemon(App.open(config, Map.of()))) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("starting the daemon on data_dir " + data)
                        .hasMessageContaining("another daemon already serves it (pid " + ProcessHandle.current().pid())
                        .hasMessageContaining(data.resolve("daemon.lock").toString());
            }
        }

        try (Daemon again = new Daemon(App.open(config, Map.of()))) {
            again.start();
        }
    }
}

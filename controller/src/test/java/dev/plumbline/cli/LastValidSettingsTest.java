package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.schedule.ScheduledInfo;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last valid settings of a repo are stored: a daemon restarted while the head's {@code .plumbline.yaml} is
 * invalid keeps the drift schedules they define, and a CLI command uses them too. Before, the restart logged
 * "removed schedule drift:infra/hello" and drift checks stopped silently.
 */
class LastValidSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void a_restart_with_invalid_settings_at_the_head_keeps_the_last_valid_ones() throws Exception {
        try (InfraRepo repo = InfraRepo.withExamples(tmp.resolve("git"), "workspaces:\n  - name: hello\n"
                + "    dir: workspaces/hello\n    drift: {schedule: '0 0 1 1 *'}\nautodiscover: false\n")) {
            Path config = tmp.resolve("plumbline.yaml");
            Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")) + "poll_interval: 1h\n");
            try (Daemon first = new Daemon(App.open(config, Map.of()))) {
                first.start();
                assertThat(driftKeys(first)).containsExactly("drift:infra/hello");
            }
            repo.write(".plumbline.yaml", "workspaces:\n  - name: hello\n    dir: workspaces/hello\n"
                    + "    drift: {schedule: '0 0 30 2 *'}\n").commit("a schedule that never fires");

            try (Daemon second = new Daemon(App.open(config, Map.of()))) {
                second.start();
                assertThat(driftKeys(second)).containsExactly("drift:infra/hello");
            }
            try (App cli = App.open(config, Map.of())) {
                assertThat(cli.catalog.workspace(WorkspaceId.parse("infra/hello")).drift().quartzCron())
                        .isEqualTo("0 0 0 1 1 ?");
                assertThat(cli.catalog.current("infra").settingsError())
                        .isEqualTo("infra/.plumbline.yaml: workspaces[0].drift.schedule: can never fire: no date "
                                + "matches it from now on, got '0 0 30 2 *'");
            }
        }
    }

    private static java.util.List<String> driftKeys(Daemon d) {
        return d.schedules().stream().map(ScheduledInfo::key).filter(k -> k.startsWith("drift:")).toList();
    }
}

package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftover run directories against a real H2 file and real processes. */
class RunLeftoversTest {
    private static final WorkspaceId WS = new WorkspaceId("infra", "db");

    @TempDir
    Path data;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
        db.workspaces().ensure(WS, "db", Tool.TOFU);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long run() {
        return db.runs().start(NewRun.first(WS, RunKind.PLAN, Trigger.MANUAL, null, Tool.TOFU, "1.12.6"));
    }

    private Path runDir(long id, String owner) throws IOException {
        Path dir = Files.createDirectories(data.resolve("runs").resolve(Long.toString(id)).resolve("src"))
                .getParent();
        Files.writeString(dir.resolve("plan.tfplan"), "unencrypted plan");
        if (owner != null) {
            Files.writeString(dir.resolve(RunLeftovers.OWNER), owner);
        }
        return dir;
    }

    private static String exitedProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid() + " 1\n";
    }

    @Test
    void directories_of_finished_and_unknown_runs_whose_maker_is_gone_are_removed() throws Exception {
        long failed = run();
        db.runs().finish(failed, RunOutcome.failed(1, "boom"));
        long interrupted = run();
        db.runs().markInterrupted("the daemon stopped");
        Path ofFailed = runDir(failed, exitedProcess());
        Path ofInterrupted = runDir(interrupted, null);
        Path unknown = runDir(9999, exitedProcess());

        assertThat(RunLeftovers.remove(data, db)).isEqualTo(3);

        assertThat(ofFailed).doesNotExist();
        assertThat(ofInterrupted).doesNotExist();
        assertThat(unknown).doesNotExist();
    }

    @Test
    void the_directory_of_a_run_still_running_in_the_store_is_kept() throws Exception {
        Path running = runDir(run(), exitedProcess());

        assertThat(RunLeftovers.remove(data, db)).isZero();

        assertThat(running.resolve("plan.tfplan")).exists();
    }

    @Test
    void the_directory_of_a_live_process_is_kept_though_a_starting_daemon_marked_its_run_interrupted() throws Exception {
        long cliRun = run();
        db.runs().markInterrupted("the daemon stopped before this run finished");
        Path dir = runDir(cliRun, null);
        RunLeftovers.claim(dir);

        assertThat(RunLeftovers.remove(data, db)).isZero();

        assertThat(dir.resolve("plan.tfplan")).exists();
    }

    @Test
    void a_reused_pid_does_not_pass_for_the_maker() throws Exception {
        long finished = run();
        db.runs().finish(finished, RunOutcome.failed(1, "boom"));
        Path dir = runDir(finished, ProcessHandle.current().pid() + " 1\n");

        assertThat(RunLeftovers.remove(data, db)).isEqualTo(1);

        assertThat(dir).doesNotExist();
    }

    @Test
    void other_entries_are_left_alone() throws Exception {
        Path notARun = Files.createDirectories(data.resolve("runs").resolve("keep-me"));

        assertThat(RunLeftovers.remove(data, db)).isZero();

        assertThat(notARun).exists();
    }
}

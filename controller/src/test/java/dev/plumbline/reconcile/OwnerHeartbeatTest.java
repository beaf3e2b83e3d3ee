package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.Owner;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerHeartbeatTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");

    @TempDir
    Path dataDir;

    private Database open() {
        return Database.open(dataDir.resolve("plumbline"), dataDir.resolve("plan.key"));
    }

    @Test
    void a_process_registers_as_a_cli_owner_on_its_first_run_and_is_stopped_when_it_closes() {
        try (Database db = open()) {
            OwnerHeartbeat heartbeat = new OwnerHeartbeat(db);
            assertThat(heartbeat.owner()).isNull();

            String id = heartbeat.ownerId();

            Owner self = db.owners().find(id).orElseThrow();
            assertThat(self.kind()).isEqualTo(Owner.Kind.CLI);
            assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(self.host()).isEqualTo(OwnerHeartbeat.hostName());
            assertThat(db.owners().stopped(id)).contains(false);
            assertThatThrownBy(() -> heartbeat.start(Owner.Kind.DAEMON))
                    .hasMessageContaining("already registered as a cli");

            heartbeat.close();

            assertThat(db.owners().stopped(id)).contains(true);
        }
    }

    @Test
    void a_cancel_requested_from_elsewhere_reaches_the_run_through_its_cancellation() {
        try (Database db = open()) {
            OwnerHeartbeat heartbeat = new OwnerHeartbeat(db);
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            long runId = db.runs().start(NewRun.first(PROD, RunKind.APPLY, Trigger.MANUAL, "0a1b", Tool.TOFU, "1.12.6")
                    .ownedBy(heartbeat.ownerId()));
            Cancellation cancel = new Cancellation();
            Runnable unwatch = heartbeat.track(runId, cancel);

            db.cancels().request(runId, "alice");

            await().atMost(Duration.ofSeconds(10)).until(cancel::isCancelled);
            assertThat(cancel.reason()).isEqualTo("cancel requested by alice");
            assertThat(cancel.isShutdown()).as("recorded cancelled, not interrupted").isFalse();
            unwatch.run();
            heartbeat.close();
        }
    }
}

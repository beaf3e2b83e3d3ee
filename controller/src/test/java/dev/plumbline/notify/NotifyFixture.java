package dev.plumbline.notify;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A real store in a test's folder, drift checks recorded as runs in it, and drift findings to feed them. */
final class NotifyFixture {
    static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    /** A value that must never leave Plumbline in a notification. */
    static final String CANARY = "canary-9f2c1e-attribute-value";
    static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private NotifyFixture() {
    }

    static Database open(Path dir) {
        return Database.open(dir.resolve("plumbline"), dir.resolve("plan.key"));
    }

    /** A new drift-check run of the workspace, registered if needed. */
    static long run(Database db, WorkspaceId workspace) {
        db.workspaces().ensure(workspace, "envs/" + workspace.name(), Tool.TOFU);
        return db.runs().start(NewRun.first(workspace, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "0a1b2c3d", Tool.TOFU,
                "1.10.2"));
    }

    /** An attribute changed outside Git, with values that include the canary. */
    static DriftFinding changed(String address, String path) {
        return new DriftFinding(address, DriftAction.UPDATE, path, "before-" + CANARY, "after-" + CANARY);
    }

    static DriftFinding deleted(String address) {
        return new DriftFinding(address, DriftAction.DELETE, "", "{\"password\":\"" + CANARY + "\"}", null);
    }

    static DriftEvent event(String transition, List<String> addresses) {
        return new DriftEvent(transition, PROD, 42, addresses, "https://plumbline.example.com/runs/42", AT);
    }

    static WireMockServer wireMock() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .bindAddress("127.0.0.1"));
        server.start();
        return server;
    }
}

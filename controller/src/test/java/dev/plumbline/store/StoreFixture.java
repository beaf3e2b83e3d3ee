package dev.plumbline.store;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A real H2 file in a test's temporary folder, laid out as a daemon's data dir would be. */
final class StoreFixture {
    static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");

    private StoreFixture() {
    }

    static Path dbFile(Path dataDir) {
        return dataDir.resolve("data").resolve("plumbline");
    }

    static Path keyFile(Path dataDir) {
        return dataDir.resolve("data").resolve("plan.key");
    }

    static Database open(Path dataDir) {
        return Database.open(dbFile(dataDir), keyFile(dataDir));
    }

    /** A plan run of the workspace, registered if needed, recorded as RUNNING. */
    static long running(Database db, WorkspaceId workspace) {
        db.workspaces().ensure(workspace, "envs/" + workspace.name(), Tool.TOFU);
        return db.runs().start(NewRun.first(workspace, RunKind.PLAN, Trigger.PUSH, "0a1b2c3d", Tool.TOFU, "1.10.2"));
    }

    /** A plain connection to the same file, for looking under the store's API. */
    static Connection rawConnection(Path dataDir) throws SQLException {
        return DriverManager.getConnection(Database.h2Url(dbFile(dataDir)), Database.H2_USER, "");
    }
}

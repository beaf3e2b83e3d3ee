package dev.plumbline.store;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test's store, laid out as a daemon's data dir would be: a real H2 file in the test's temporary folder, or a
 * new database on the test PostgreSQL (created on first use) with the plan key in the folder.
 */
final class StoreFixture {
    static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");
    /** How a child JVM ({@link CrashingDaemon}) is told the password, which stays off its command line. */
    static final String PASSWORD_VARIABLE = "PLUMBLINE_TEST_STORE_PASSWORD";

    private static final int POOL_SIZE = 4;

    private final StoreKind kind;
    private final Path dataDir;
    private final String name;
    private TestPostgres.Db server;

    StoreFixture(StoreKind kind, Path dataDir, String name) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.name = name;
    }

    private StoreFixture(Path dataDir, TestPostgres.Db server) {
        this(StoreKind.POSTGRESQL, dataDir, server.name());
        this.server = server;
    }

    StoreKind kind() {
        return kind;
    }

    /** The H2 file, without its .mv.db suffix. */
    Path dbFile() {
        return dataDir.resolve("data").resolve("plumbline");
    }

    Path keyFile() {
        return dataDir.resolve("data").resolve("plan.key");
    }

    Database open() {
        return open(keyFile());
    }

    /** The same database, with the plan key in {@code keyFile}. */
    Database open(Path keyFile) {
        if (kind == StoreKind.H2) {
            return Database.open(dbFile(), keyFile);
        }
        TestPostgres.Db db = server();
        return Database.openUrl(db.url(), db.user(), db.password(), POOL_SIZE, keyFile);
    }

    /** A plain connection to the same database, for looking under the store's API. */
    Connection rawConnection() throws SQLException {
        if (kind == StoreKind.H2) {
            return DriverManager.getConnection(Database.h2Url(dbFile()), Database.H2_USER, "");
        }
        TestPostgres.Db db = server();
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    /** The notification counts as {@code doctor} reads them, without opening the store. */
    Optional<NotificationCounts> probeNotifications(Instant givenUpSince) {
        if (kind == StoreKind.H2) {
            return NotificationProbe.ofFile(dbFile(), givenUpSince);
        }
        TestPostgres.Db db = server();
        return NotificationProbe.ofServer(db.url(), db.user(), db.password(), givenUpSince);
    }

    /** The arguments that let {@link #fromArguments} in another JVM open this same store. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(dataDir.toString(), kind.name()));
        if (kind == StoreKind.POSTGRESQL) {
            args.add(server().url());
            args.add(server().user());
            args.add(server().name());
        }
        return args;
    }

    /** The environment a child JVM needs beside {@link #arguments}: the password, if any. */
    Map<String, String> environment() {
        return kind == StoreKind.POSTGRESQL ? Map.of(PASSWORD_VARIABLE, server().password()) : Map.of();
    }

    static StoreFixture fromArguments(String[] args, Map<String, String> env) {
        Path dataDir = Path.of(args[0]);
        if (StoreKind.valueOf(args[1]) == StoreKind.H2) {
            return new StoreFixture(StoreKind.H2, dataDir, "child");
        }
        return new StoreFixture(dataDir, new TestPostgres.Db(args[4], args[2], args[3], env.get(PASSWORD_VARIABLE)));
    }

    private TestPostgres.Db server() {
        if (server == null) {
            server = TestPostgres.get().newDatabase(name);
        }
        return server;
    }

    /** A plan run of the workspace, registered if needed, recorded as RUNNING. */
    static long running(Database db, WorkspaceId workspace) {
        db.workspaces().ensure(workspace, "envs/" + workspace.name(), Tool.TOFU);
        return db.runs().start(NewRun.first(workspace, RunKind.PLAN, Trigger.PUSH, "0a1b2c3d", Tool.TOFU, "1.10.2"));
    }
}

package dev.plumbline.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The store: an embedded H2 file, or a database on a PostgreSQL server, with its schema brought up to date by the
 * Flyway migrations in {@code db/migration} on open (the same migrations on both).
 *
 * <p>Each accessor's operations run in a transaction of their own. Writes that belong together, such as finishing
 * a run with its plan and drift findings, go through {@link #inTransaction}.
 */
public final class Database extends Tables implements AutoCloseable {
    /**
     * H2 speaking PostgreSQL's dialect, so the migrations and queries are the ones PostgreSQL runs.
     * WRITE_DELAY=0: by default H2 writes commits to the file up to a second later, and a daemon killed in that
     * second loses the RUNNING row written before its tool started; that row is the point of writing it first.
     * A writer waits up to 10 s for a row another transaction holds, instead of H2's default of one second.
     * The retry: prefix keeps the file open when a thread is interrupted in the middle of a write (Quartz
     * interrupts its threads on shutdown); plain file: would close the database for everyone.
     * AUTO_SERVER: the first process to open the file serves it to later ones over loopback (guarded by a key in
     * the owner-only lock file), so CLI commands work while the daemon runs.
     */
    private static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE";
    private static final String H2_SUFFIX = ".mv.db";
    /** The embedded file is protected by its folder's permissions, not by a password. */
    static final String H2_USER = "sa";
    /** Runs, the scheduler and the HTTP pages of one process share the file; H2's own default. */
    private static final int H2_POOL_SIZE = 10;

    private final ConnectionSource connections;
    private final PlanCipher cipher;
    private final Clock clock;

    private Database(ConnectionSource connections, PlanCipher cipher, Clock clock) {
        super(ownTransactions(connections), cipher, clock);
        this.connections = connections;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * Opens (creating when new) the H2 database {@code <dbFile>.mv.db}; its folder, when created, is rwx------.
     * The plan key file is created with a fresh key when missing; see {@link #openUrl}.
     */
    public static Database open(Path dbFileWithoutSuffix, Path planKeyFile) {
        Path dir = base(dbFileWithoutSuffix).getParent();
        try {
            OwnerOnlyFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("opening database " + dbFileWithoutSuffix + ": creating " + dir + ": " + e, e);
        }
        // Processes starting together take turns creating the key and migrating; see Opening.
        Path lock = Path.of(base(dbFileWithoutSuffix) + ".opening.lock");
        return Opening.exclusively(lock, "opening database " + base(dbFileWithoutSuffix),
                () -> openUrl(h2Url(dbFileWithoutSuffix), H2_USER, "", H2_POOL_SIZE, planKeyFile));
    }

    /** The JDBC URL {@link #open} uses; tests use it to reach the same file. */
    static String h2Url(Path dbFileWithoutSuffix) {
        String path = base(dbFileWithoutSuffix).toString();
        if (path.contains(";")) {
            throw new IllegalArgumentException("opening database " + path + ": the path must not contain ';'");
        }
        return "jdbc:h2:retry:" + path + H2_SETTINGS;
    }

    private static Path base(Path dbFile) {
        String path = dbFile.toAbsolutePath().normalize().toString();
        return Path.of(path.endsWith(H2_SUFFIX) ? path.substring(0, path.length() - H2_SUFFIX.length()) : path);
    }

    /**
     * Opens the database the JDBC URL names (a PostgreSQL server, or an H2 file as {@link #open} does), with a pool
     * of at most {@code poolSize} connections, migrating its schema first. The plan key file (rw-------, refused
     * if group or others may read it) must be the same for every daemon sharing the database. Errors name the URL
     * without its settings, and never the password.
     */
    public static Database openUrl(String jdbcUrl, String user, String password, int poolSize, Path planKeyFile) {
        PlanCipher cipher = PlanCipher.load(planKeyFile);
        ConnectionSource connections;
        try {
            connections = ConnectionSource.forUrl(jdbcUrl, user, password, poolSize);
        } catch (RuntimeException e) {
            // HikariCP opens the first connection at once: an unreachable server or a refused login ends up here
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException(redacted("opening database " + withoutSettings(jdbcUrl) + " as " + user + ": "
                    + cause.getMessage(), password), e);
        }
        try {
            migrate(jdbcUrl, connections);
        } catch (StoreException e) {
            connections.close();
            throw new StoreException(redacted(e.getMessage(), password), e.getCause());
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return new Database(connections, cipher, Clock.systemUTC());
    }

    /** The password, should a driver ever repeat it in a message, is cut out of the message. */
    static String redacted(String message, String password) {
        return password == null || password.isEmpty() ? message : message.replace(password, "(password)");
    }

    private static void migrate(String jdbcUrl, ConnectionSource connections) {
        try {
            Flyway.configure()
                    .dataSource(dataSource(connections))
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("migrating database " + withoutSettings(jdbcUrl) + ": " + migrationFailure(e), e);
        }
    }

    /** URLs can carry passwords after ';' or '?': keep those out of error messages. */
    static String withoutSettings(String jdbcUrl) {
        int cut = jdbcUrl.length();
        for (char c : new char[] {';', '?'}) {
            int at = jdbcUrl.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return jdbcUrl.substring(0, cut);
    }

    /**
     * Flyway's own message ("Migration failed !") hides why; the deepest cause says which migration and what it met.
     * The message is Flyway's and the migration's, never a value of a row.
     */
    private static String migrationFailure(FlywayException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String said = e.getMessage() == null ? "" : e.getMessage().strip();
        if (root == e || root.getMessage() == null || said.contains(root.getMessage())) {
            return said;
        }
        return said + ": " + root.getMessage().strip();
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws anything, so
     * nothing it wrote is left half-done. A store failure inside aborts the whole transaction.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        return transactionally("running a transaction", c -> work.run(new Tx(c, cipher, clock)));
    }

    /** Each operation in a transaction of its own. */
    private static Scope ownTransactions(ConnectionSource connections) {
        return new Scope() {
            @Override
            public <T> T run(String doing, JdbcWork<T> work) {
                return transactionally(connections, doing, work);
            }
        };
    }

    private <T> T transactionally(String doing, JdbcWork<T> work) {
        return transactionally(connections, doing, work);
    }

    private static <T> T transactionally(ConnectionSource connections, String doing, JdbcWork<T> work) {
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.failure(doing, e);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }















    /**
     * The store's connections for a library that keeps its own tables in the same database: the scheduler's
     * job store. Closing a connection returns it to the store, which closes them all when it closes.
     */
    public DataSource dataSource() {
        return dataSource(connections);
    }

    private static DataSource dataSource(ConnectionSource connections) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return connections.get();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException("the store's connections use the store's credentials");
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException("the store keeps no java.util.logging logger");
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("the store's data source wraps nothing");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }

    @Override
    public void close() {
        connections.close();
    }
}

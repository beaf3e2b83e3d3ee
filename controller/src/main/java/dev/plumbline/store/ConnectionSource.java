package dev.plumbline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Where {@link Database} gets its connections: a pool of at most {@code poolSize}. H2 ships a pool, used for H2
 * URLs; a database server (PostgreSQL) gets HikariCP, which checks a connection is alive before handing it out
 * and replaces the ones the server or the network dropped.
 */
interface ConnectionSource extends AutoCloseable {
    Connection get() throws SQLException;

    @Override
    void close();

    static ConnectionSource forUrl(String url, String user, String password, int poolSize) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, password);
            pool.setMaxConnections(poolSize);
            return new ConnectionSource() {
                @Override
                public Connection get() throws SQLException {
                    // another process may be opening the file, or handing its server over as it exits
                    return Opening.retrying(pool::getConnection);
                }

                @Override
                public void close() {
                    pool.dispose();
                }
            };
        }
        HikariDataSource pool = new HikariDataSource(serverPool(url, user, password, poolSize));
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    /**
     * Connections are opened as they are needed and one is kept open: a CLI command needs one or two, a daemon
     * grows to the pool size under load. Creating the pool opens the first connection, so a server that cannot be
     * reached or refuses the login fails the open, with the driver's reason, instead of the first query.
     */
    private static HikariConfig serverPool(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("plumbline-store");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        // shown in the server's pg_stat_activity, so an operator can tell whose connections these are
        config.addDataSourceProperty("ApplicationName", "plumbline");
        return config;
    }
}

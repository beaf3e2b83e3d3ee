package dev.plumbline.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Where {@link Database} gets its connections. H2 ships a pool, used for H2 URLs; any other database gets a
 * fresh connection per transaction, which is correct if slow, until a pool for it is chosen.
 */
interface ConnectionSource extends AutoCloseable {
    Connection get() throws SQLException;

    @Override
    void close();

    static ConnectionSource forUrl(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, password);
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
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return DriverManager.getConnection(url, user, password);
            }

            @Override
            public void close() {
            }
        };
    }
}

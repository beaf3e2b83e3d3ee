package dev.plumbline.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Quartz's job store borrows the store's connections; the pool stays the store's to close. */
final class StoreConnections implements ConnectionProvider {
    private final DataSource dataSource;

    StoreConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public void initialize() {
    }
}

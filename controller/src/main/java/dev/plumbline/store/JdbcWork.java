package dev.plumbline.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC run on a connection that some {@link Scope} has already put in a transaction. */
@FunctionalInterface
interface JdbcWork<T> {
    T run(Connection connection) throws SQLException;
}

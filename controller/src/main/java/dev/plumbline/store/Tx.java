package dev.plumbline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;

/**
 * One transaction, handed to {@link SqlWork} by {@link Database#inTransaction}. Its accessors offer the same
 * operations as the database's, but all of them write through this transaction and commit or roll back together.
 * Do not call the database's own accessors from inside: they use another connection and commit on their own.
 */
public final class Tx extends Tables {
    private final Connection connection;

    Tx(Connection connection, PlanCipher cipher, Clock clock) {
        super(Scope.of(connection), cipher, clock);
        this.connection = connection;
    }

    /**
     * Runs {@code work} inside this transaction so that, when it throws, what it wrote is undone and the rest of the
     * transaction goes on (a savepoint): for writes that ride along with others but must never make them fail. The
     * exception is rethrown. PostgreSQL refuses every statement after a failed one until such a rollback; H2 does
     * not, and behaves the same with it.
     */
    public <T> T undoneOnFailure(String doing, SqlWork<T> work) {
        Savepoint before;
        try {
            before = connection.setSavepoint();
        } catch (SQLException e) {
            throw Sql.failure(doing + ": setting a savepoint", e);
        }
        try {
            T result = work.run(this);
            connection.releaseSavepoint(before);
            return result;
        } catch (RuntimeException | SQLException e) {
            try {
                connection.rollback(before);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof SQLException sql) {
                throw Sql.failure(doing, sql);
            }
            throw (RuntimeException) e;
        }
    }
}

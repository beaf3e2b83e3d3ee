package dev.plumbline.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a store operation runs: in a transaction of its own ({@link Database}'s accessors) or inside the caller's
 * transaction ({@link Tx}'s). The same Runs, Plans... classes serve both, so there is one copy of each query.
 */
interface Scope {
    /**
     * Runs the work, turning an {@link SQLException} into a {@link StoreException} whose message starts with
     * {@code doing} (for example "finishing run 42").
     */
    <T> T run(String doing, JdbcWork<T> work);

    /** The caller's transaction: no commit here, {@link Database#inTransaction} does it once at the end. */
    static Scope of(Connection connection) {
        return new Scope() {
            @Override
            public <T> T run(String doing, JdbcWork<T> work) {
                try {
                    return work.run(connection);
                } catch (SQLException e) {
                    throw Sql.failure(doing, e);
                }
            }
        };
    }
}

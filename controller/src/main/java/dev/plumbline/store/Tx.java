package dev.plumbline.store;

import java.sql.Connection;
import java.time.Clock;

/**
 * One transaction, handed to {@link SqlWork} by {@link Database#inTransaction}. Its accessors offer the same
 * operations as the database's, but all of them write through this transaction and commit or roll back together.
 * Do not call the database's own accessors from inside: they use another connection and commit on their own.
 */
public final class Tx extends Tables {
    Tx(Connection connection, PlanCipher cipher, Clock clock) {
        super(Scope.of(connection), cipher, clock);
    }
}

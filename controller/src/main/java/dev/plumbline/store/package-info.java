/**
 * Plumbline's memory: workspaces, runs (with the process that owns each, and requests to cancel them), the owners
 * and their heartbeats, plans, logs, drift findings, approvals, the audit log, the outbox of drift notifications and
 * the queue of work every daemon claims its runs from ({@link dev.plumbline.store.QueuedWork}), the resource index
 * ({@link dev.plumbline.store.ResourceIndex}) and the change events with the checks they asked for
 * ({@link dev.plumbline.store.Events}, {@link dev.plumbline.store.EventChecks}), in an embedded H2
 * file in the data directory (the default) or on a PostgreSQL server (the daemon config's {@code store:}).
 * Plain JDBC; the schema is Flyway's {@code db/migration}, written in SQL both databases run unchanged, and so are
 * the queries: where the two differ (PostgreSQL aborts a transaction on any error), the code does what is right on
 * both.
 *
 * <p>Transactions: each operation reached through {@link dev.plumbline.store.Database}'s accessors commits on its
 * own. Writes that must land together go through {@link dev.plumbline.store.Database#inTransaction}, whose
 * {@link dev.plumbline.store.Tx} offers the same classes bound to one connection:
 * <pre>{@code
 * db.inTransaction(tx -> {
 *     tx.runs().finish(runId, outcome);
 *     tx.plans().save(runId, planfile, maskedJson, rendered);
 *     tx.drift().record(runId, workspace, findings);
 *     return null;
 * });
 * }</pre>
 * Anything thrown inside rolls all of it back, except inside {@link dev.plumbline.store.Tx#undoneOnFailure}, which
 * undoes only its own writes (a savepoint) for a part that must never fail the rest.
 *
 * <p>{@link dev.plumbline.store.StoreCopy} copies a whole store into another, empty one (an H2 history onto a
 * PostgreSQL server), reading the tables from the database's catalog rather than from a list.
 */
package dev.plumbline.store;

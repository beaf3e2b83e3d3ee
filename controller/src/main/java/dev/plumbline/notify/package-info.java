/**
 * Drift notifications: an SNS topic, a signed webhook or a Slack channel hears about a workspace's drift when it
 * appears, changes or is resolved, not on every check, at least once.
 *
 * <p>{@link dev.plumbline.notify.DriftState} decides, from a fingerprint of what drifted (addresses, action codes
 * and attribute paths, never values or the words for an action) and the state last notified, kept in the database.
 * {@link dev.plumbline.notify.DriftNotifier} records that decision and one outbox row per
 * {@link dev.plumbline.notify.Channel} in one transaction (the drift check's own, when the caller has it), and the
 * {@link dev.plumbline.notify.Outbox} sends the rows off the caller's thread, one
 * {@link dev.plumbline.notify.Courier} per channel: claimed so that daemons sharing a database never send one row at
 * once, retried with a backoff, given up after the max age, each {@link dev.plumbline.notify.DriftEvent} with an id
 * receivers de-duplicate by. A failing channel is logged and recorded on its row, and never fails a run. The
 * channels are built from the daemon's {@code notifications} section as {@code config} validated it
 * ({@link dev.plumbline.config.NotificationsConfig}); nothing here checks it again. Wiring:
 * <pre>{@code
 * DriftNotifier notifier = new DriftNotifier(new DriftState(db),
 *         Channels.build(config.notifications(), System.getenv(), sns), baseUrl,
 *         OutboxPolicy.of(config.notifications().maxAge()));
 * notifier.deliverEveryEvent();                       // a daemon; a CLI command sends only what it decided
 * Queued rows = db.inTransaction(tx -> {
 *     tx.runs().finish(runId, outcome);
 *     return notifier.record(tx, workspace, runId, classification, findings);
 * });
 * notifier.queued(rows);                              // committed: send now
 * }</pre>
 *
 * <p>Imports {@code config}, {@code store}, {@code domain} and {@code util}.
 */
package dev.plumbline.notify;

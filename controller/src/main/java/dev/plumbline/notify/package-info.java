/**
 * Drift notifications: an SNS topic, a signed webhook or a Slack channel hears about a workspace's drift when it
 * appears, changes or is resolved, not on every check.
 *
 * <p>{@link dev.plumbline.notify.DriftState} decides, from a fingerprint of what drifted (addresses, action codes
 * and attribute paths, never values or the words for an action) and the state last notified, kept in the database.
 * {@link dev.plumbline.notify.DriftNotifier} sends the resulting {@link dev.plumbline.notify.DriftEvent} to every
 * {@link dev.plumbline.notify.Channel}, off the caller's thread; a failing channel is logged and never fails a run.
 * The channels are built from the daemon's {@code notifications} section as {@code config} validated it
 * ({@link dev.plumbline.config.NotificationsConfig}); nothing here checks it again. Wiring:
 * <pre>{@code
 * DriftNotifier notifier = new DriftNotifier(new DriftState(db),
 *         Channels.build(config.notifications(), System.getenv(), sns), baseUrl);
 * notifier.onDriftCheck(workspace, runId, classification, findings);
 * }</pre>
 *
 * <p>Imports {@code config}, {@code store} and {@code domain}.
 */
package dev.plumbline.notify;

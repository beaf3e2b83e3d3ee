/**
 * The orchestrator: {@link dev.plumbline.reconcile.Reconciler} takes a trigger through Git
 * ({@link dev.plumbline.reconcile.Catalog}), a run directory, tofu, plan analysis, the store and policy, and applies
 * when policy allows; {@link dev.plumbline.reconcile.PullRequestWork} is where queued pull request work is handed
 * when claimed. This process is the owner of the runs it starts ({@link dev.plumbline.reconcile.OwnerHeartbeat}:
 * registration, heartbeat, cancel requests), and owners found gone have their runs taken over by
 * {@link dev.plumbline.reconcile.LostOwners}. Imports the leaves; is imported only by {@code pullrequest},
 * {@code schedule}, {@code http} and {@code cli}.
 */
package dev.plumbline.reconcile;

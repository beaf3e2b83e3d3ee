package dev.plumbline.notify;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftNotifications.Notified;
import dev.plumbline.store.Tx;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers, per workspace and in the database, the drift last notified, and tells from each new drift check
 * whether it is worth a notification. Because the state lives in the database, a restarted daemon does not
 * announce the same drift again, and daemons sharing a database take turns deciding.
 */
public final class DriftState {
    private final Database db;

    public DriftState(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * The transition the check makes, recording the new state in the same transaction when it is not
     * {@link Transition#NONE}. An errored check is NONE and leaves the state alone: a failed plan proves neither
     * that drift went away nor that it changed.
     */
    public Transition decide(WorkspaceId workspace, DriftObservation seen) {
        Objects.requireNonNull(workspace, "workspace");
        if (seen.errored()) {
            return Transition.NONE;
        }
        return db.inTransaction(tx -> decide(tx, workspace, seen));
    }

    /**
     * As {@link #decide(WorkspaceId, DriftObservation)}, in the caller's transaction: the new state is kept only if
     * that commits, together with whatever else it wrote (the run's finish, the notification's outbox rows).
     */
    public Transition decide(Tx tx, WorkspaceId workspace, DriftObservation seen) {
        Objects.requireNonNull(workspace, "workspace");
        if (seen.errored()) {
            return Transition.NONE;
        }
        Transition t = transition(tx.driftNotifications().lock(workspace), seen);
        if (t.notifies()) {
            tx.driftNotifications().save(workspace, seen.fingerprint(), seen.drifted(), seen.runId());
        }
        return t;
    }

    Database db() {
        return db;
    }

    static Transition transition(Optional<Notified> last, DriftObservation seen) {
        if (seen.errored()) {
            return Transition.NONE;
        }
        // A retried or slow check can finish after a newer one was notified; it must not undo what that one said.
        if (last.isPresent() && seen.runId() < last.get().runId()) {
            return Transition.NONE;
        }
        boolean wasDrifted = last.map(Notified::drifted).orElse(false);
        if (!seen.drifted()) {
            return wasDrifted ? Transition.RESOLVED : Transition.NONE;
        }
        if (!wasDrifted) {
            return Transition.NEW;
        }
        return last.get().fingerprint().equals(seen.fingerprint()) ? Transition.NONE : Transition.CHANGED;
    }
}

package dev.plumbline.runner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a run. A command that is running when it fires gets SIGINT, so tofu can release the state
 * lock; only if it does not exit in its grace period is it killed.
 */
public final class Cancellation {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String reason;
    private volatile boolean shutdown;

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        listeners.forEach(Runnable::run);
    }

    /** Cancellation because the daemon is stopping: the run is recorded as interrupted, not cancelled. */
    public void shutdown(String why) {
        shutdown = true;
        cancel(why);
    }

    public boolean isShutdown() {
        return shutdown;
    }

    public boolean isCancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    /** Runs {@code action} on cancellation, at once when already cancelled. Returns a handle to unregister. */
    Runnable onCancel(Runnable action) {
        listeners.add(action);
        if (isCancelled()) {
            action.run();
        }
        return () -> listeners.remove(action);
    }
}

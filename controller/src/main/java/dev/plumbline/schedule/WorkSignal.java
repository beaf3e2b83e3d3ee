package dev.plumbline.schedule;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells this daemon's claim loop that there is work to look at now: work queued here, or a slot freed. Work
 * queued by other daemons is found by the loop's regular look at the queue instead.
 */
public final class WorkSignal {
    private final Semaphore rung = new Semaphore(0);

    public void ring() {
        if (rung.availablePermits() == 0) {
            rung.release();
        }
    }

    /** Waits until rung or {@code timeout} passed; rings that came meanwhile count once. */
    void await(Duration timeout) throws InterruptedException {
        if (rung.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            rung.drainPermits();
        }
    }
}

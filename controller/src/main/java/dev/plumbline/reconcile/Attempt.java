package dev.plumbline.reconcile;

/** Which try of a run this is: retries of a failed run count up from 2 and name the run they retry. */
public record Attempt(int number, Long retryOf) {
    public static final Attempt FIRST = new Attempt(1, null);

    public Attempt next(long failedRunId) {
        return new Attempt(number + 1, failedRunId);
    }
}

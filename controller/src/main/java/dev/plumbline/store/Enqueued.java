package dev.plumbline.store;

/** The queued work a trigger became: a new row, or ({@code joined}) the waiting copy of the same work. */
public record Enqueued(long workId, boolean joined) {
}

package dev.plumbline.store;

/** Writes that must land together, or not at all; see {@link Database#inTransaction}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Tx tx);
}

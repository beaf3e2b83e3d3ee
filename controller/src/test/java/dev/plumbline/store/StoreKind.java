package dev.plumbline.store;

/** The databases the store runs on, each store test runs on both. */
enum StoreKind {
    /** The embedded file in the data directory, the default. */
    H2,
    /** A database on the test server of {@link dev.plumbline.testing.TestPostgres}. */
    POSTGRESQL
}

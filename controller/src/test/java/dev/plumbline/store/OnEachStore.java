package dev.plumbline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store test class that runs once on H2 and once on PostgreSQL. Each test gets a store of its own, new and
 * empty: an H2 file in its temporary folder, or a new database on the test server; the plan key is in the folder.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(StoreKind.class)
abstract class OnEachStore {
    @Parameter
    StoreKind kind;

    @TempDir
    Path dataDir;

    private StoreFixture store;

    /** This test's store: the same database each time it is opened. */
    StoreFixture store() {
        if (store == null) {
            store = new StoreFixture(kind, dataDir, getClass().getSimpleName());
        }
        return store;
    }
}

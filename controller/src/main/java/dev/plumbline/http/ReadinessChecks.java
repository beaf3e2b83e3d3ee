package dev.plumbline.http;

import dev.plumbline.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon's readiness: its store answers a query, its scheduler fires, its tool is there to run. */
public final class ReadinessChecks implements Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessChecks.class);
    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    private final Database db;
    private final BooleanSupplier scheduler;
    private final Path tool;

    public ReadinessChecks(Database db, BooleanSupplier scheduler, Path tool) {
        this.db = db;
        this.scheduler = scheduler;
        this.tool = tool;
    }

    @Override
    public List<Check> checks() {
        return List.of(database(), new Check("scheduler", scheduler.getAsBoolean() ? null
                : "the scheduler is not running"), toolchain());
    }

    private Check database() {
        try (Connection c = db.dataSource().getConnection()) {
            return new Check("database", c.isValid(DATABASE_TIMEOUT_SECONDS) ? null
                    : "the store's connection did not answer within " + DATABASE_TIMEOUT_SECONDS + " s");
        } catch (SQLException | RuntimeException e) {
            // /readyz answers anyone: the driver's message (a host, a user, a file) goes to the log only
            LOG.warn("readiness: reaching the store: {}", e.getMessage());
            return new Check("database", "reaching the store: it did not answer (the daemon's log says why)");
        }
    }

    private Check toolchain() {
        if (tool == null || !Files.isExecutable(tool)) {
            return new Check("toolchain", "the tool " + tool + " is not an executable file"
                    + " (runner-image/install-toolchain.sh installs it)");
        }
        return new Check("toolchain", null);
    }
}

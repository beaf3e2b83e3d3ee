package db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The scheduler's tables ({@code qrtz_*}), so schedules live in the store and survive restarts. The DDL is the
 * PostgreSQL script that ships inside the Quartz jar: H2 runs it unchanged in PostgreSQL mode, and so will the
 * PostgreSQL server the store moves to. A Quartz upgrade that changes these tables needs a migration of its own.
 */
public class V2__quartz_tables extends BaseJavaMigration {
    static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            for (String sql : statements(script())) {
                s.execute(sql);
            }
        }
    }

    /**
     * The script's CREATE statements. Its DROP TABLE lines have nothing to drop in a database this migration has
     * not run on, and its closing COMMIT is Flyway's to do.
     */
    static List<String> statements(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            String sql = statement.strip();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                statements.add(sql);
            }
        }
        return statements;
    }

    private static String script() throws IOException {
        try (InputStream in = V2__quartz_tables.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("creating the scheduler's tables: " + SCRIPT + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

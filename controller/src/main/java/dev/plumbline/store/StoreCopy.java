package dev.plumbline.store;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Copies every row of one store into another, empty one of the same schema (an H2 history onto a PostgreSQL
 * server): table by table in the order their foreign keys need, in one transaction, so that a copy that fails or
 * is killed leaves the target without a row and can simply be run again. Tables are read from the schema and
 * copied column by column, whatever they hold, so a table added by a later migration is copied as well.
 *
 * <p>Rows keep their ids, and each generated column continues past the highest id copied. Plans are copied as
 * stored, still sealed with the source's plan key: the target's daemons need the same key file. Not copied: the
 * scheduler's tables ({@code qrtz_*}), which every daemon rebuilds from its config when it starts, and Flyway's
 * history, which the target's own migrations wrote.
 */
public final class StoreCopy {
    /** Rows sent to the target per round trip. */
    private static final int BATCH = 500;
    private static final String RETRY = " (the copy was rolled back: the target holds none of it, and the copy "
            + "can be run again)";

    private StoreCopy() {
    }

    /** A copied table: its rows in the source, and in the target once copied. */
    public record TableCount(String table, long sourceRows, long targetRows) { }

    /** Whether a copy of the store copies {@code table}. */
    public static boolean copies(String table) {
        return !table.startsWith("qrtz_") && !table.equals("flyway_schema_history");
    }

    /**
     * Copies all of {@code from} into {@code to}, whose schema must already be migrated and whose tables must be
     * empty; {@code target} names it in messages (without a password). Returns the row counts, compared before the
     * copy is committed.
     */
    public static List<TableCount> copy(Database from, Database to, String target) {
        String doing = "copying the store to " + target;
        try (Connection src = from.dataSource().getConnection(); Connection dst = to.dataSource().getConnection()) {
            src.setAutoCommit(false);
            dst.setAutoCommit(false);
            try {
                List<TableCount> counts = copyAll(src, dst, doing);
                dst.commit();
                src.commit();
                return counts;
            } catch (RuntimeException | SQLException e) {
                rollback(dst, e);
                rollback(src, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(doing + ": " + cause(e) + RETRY, e);
        }
    }

    /** A rollback that fails too is kept with the failure that caused it, which is what the user needs to read. */
    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static List<TableCount> copyAll(Connection src, Connection dst, String doing) throws SQLException {
        List<SchemaTable> tables = new ArrayList<>(SchemaTable.inDependencyOrder(src));
        tables.removeIf(t -> !copies(t.name()));
        Map<String, SchemaTable> targetTables = SchemaTable.read(dst);
        for (SchemaTable t : tables) {
            SchemaTable there = targetTables.get(t.name());
            if (there == null || !there.columns().containsAll(t.columns())) {
                throw new StoreException(doing + ": the target's table " + t.name() + (there == null ? " is missing"
                        : " lacks the columns " + missing(t, there)) + ": is it migrated by another version?");
            }
        }
        refuseFilled(dst, tables, doing);
        List<TableCount> counts = new ArrayList<>();
        for (SchemaTable t : tables) {
            counts.add(copyTable(src, dst, t, doing));
        }
        for (SchemaTable t : tables) {
            continueGenerated(dst, targetTables.get(t.name()));
        }
        return Collections.unmodifiableList(counts);
    }

    private static List<String> missing(SchemaTable wanted, SchemaTable there) {
        return wanted.columns().stream().filter(c -> !there.columns().contains(c)).toList();
    }

    /** A target with rows of its own is some other store: copying into it would mix two histories. */
    private static void refuseFilled(Connection dst, List<SchemaTable> tables, String doing) throws SQLException {
        List<String> filled = new ArrayList<>();
        try (Statement s = dst.createStatement()) {
            for (SchemaTable t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + SchemaTable.quoted(t.name()) + " LIMIT 1")) {
                    if (rs.next()) {
                        filled.add(t.name());
                    }
                }
            }
        }
        if (!filled.isEmpty()) {
            // the runs are what a user knows a store by; any other table names the rest
            String named = filled.contains("runs") ? "runs" : filled.get(0);
            long rows = count(dst, SchemaTable.quoted(named));
            int others = filled.size() - 1;
            throw new StoreException(doing + ": the target already holds " + rows + (rows == 1 ? " row" : " rows")
                    + " in table " + named
                    + (others == 0 ? "" : " and rows in " + others + " other table" + (others == 1 ? "" : "s"))
                    + ": copy only into a new, empty database (nothing was copied)");
        }
    }

    private static TableCount copyTable(Connection src, Connection dst, SchemaTable t, String doing)
            throws SQLException {
        String columns = t.columns().stream().map(SchemaTable::quoted).collect(Collectors.joining(", "));
        String order = t.primaryKey().isEmpty() ? "" : " ORDER BY "
                + t.primaryKey().stream().map(SchemaTable::quoted).collect(Collectors.joining(", "));
        String table = SchemaTable.quoted(t.name());
        long expected = count(src, table);
        long copied = 0;
        try (Statement read = src.createStatement();
             PreparedStatement write = dst.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES ("
                     + String.join(", ", Collections.nCopies(t.columns().size(), "?")) + ")")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery("SELECT " + columns + " FROM " + table + order)) {
                while (rs.next()) {
                    for (int i = 1; i <= t.columns().size(); i++) {
                        write.setObject(i, rs.getObject(i));
                    }
                    write.addBatch();
                    if (++copied % BATCH == 0) {
                        write.executeBatch();
                    }
                }
            }
            write.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(doing + ": table " + t.name() + ": " + cause(e) + RETRY, e);
        }
        long landed = count(dst, table);
        if (copied != expected || landed != expected) {
            throw new StoreException(doing + ": table " + t.name() + ": the source has " + expected + " rows, "
                    + copied + " were read and the target holds " + landed + RETRY);
        }
        return new TableCount(t.name(), expected, landed);
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The rows came with their ids, which the database did not hand out: each generated column is moved past the
     * highest copied value, so the next row the target writes gets a new id: ALTER TABLE for an identity column
     * (the same statement on both databases; on PostgreSQL undone with the transaction, where setval would not
     * be), setval for a PostgreSQL {@code serial} column.
     */
    private static void continueGenerated(Connection dst, SchemaTable t) throws SQLException {
        String table = SchemaTable.quoted(t.name());
        try (Statement s = dst.createStatement()) {
            for (String column : t.identity()) {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN " + SchemaTable.quoted(column) + " RESTART WITH "
                        + next(s, table, column));
            }
        }
        for (String column : t.sequenced()) {
            long next;
            try (Statement s = dst.createStatement()) {
                next = next(s, table, column);
            }
            try (PreparedStatement ps = dst.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?, false)")) {
                ps.setString(1, table);
                ps.setString(2, column);
                ps.setLong(3, next);
                ps.execute();
            }
        }
    }

    /** One past the column's highest value; 1 for an empty table. */
    private static long next(Statement s, String table, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT MAX(" + SchemaTable.quoted(column) + ") FROM " + table)) {
            rs.next();
            return Math.max(rs.getLong(1), 0) + 1;
        }
    }

    /**
     * The database's reason, without the values of a row, which may be anything a run stored: PostgreSQL's message
     * for a failed batch repeats the statement with its values (the server's own error, next in the chain, does
     * not), and the server's error adds the failing row on a line of its own ("Detail: Failing row contains").
     */
    private static String cause(SQLException e) {
        SQLException reason = e instanceof BatchUpdateException && e.getNextException() != null
                ? e.getNextException() : e;
        String message = String.valueOf(reason.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}

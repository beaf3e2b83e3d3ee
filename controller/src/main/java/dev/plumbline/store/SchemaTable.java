package dev.plumbline.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One table of the store as the database itself describes it (the catalog, not a list kept in code), so that a
 * copy of the whole store also copies the tables of migrations written after it.
 *
 * @param columns       in the table's order
 * @param primaryKey    the key's columns in key order; empty when the table has none
 * @param references    the other tables its foreign keys point to
 * @param identity      columns whose values the database generates ({@code GENERATED ... AS IDENTITY})
 * @param sequenced     columns filled from a sequence by default ({@code serial} on PostgreSQL)
 */
record SchemaTable(String name, List<String> columns, List<String> primaryKey, Set<String> references,
                   List<String> identity, List<String> sequenced) {

    /** The tables of the connection's current schema, each table after those it references. */
    static List<SchemaTable> inDependencyOrder(Connection c) throws SQLException {
        return dependencyOrder(read(c));
    }

    /** The tables of the connection's current schema, by name. */
    static Map<String, SchemaTable> read(Connection c) throws SQLException {
        String schema = c.getSchema();
        Map<String, List<String[]>> columns = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.table_name, c.column_name, c.is_identity,"
                + " c.column_default FROM information_schema.columns c JOIN information_schema.tables t"
                + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                + " WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE'"
                + " ORDER BY c.table_name, c.ordinal_position")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        Map<String, SchemaTable> tables = new LinkedHashMap<>();
        DatabaseMetaData meta = c.getMetaData();
        for (Map.Entry<String, List<String[]>> t : columns.entrySet()) {
            tables.put(t.getKey(), describe(meta, schema, t.getKey(), t.getValue()));
        }
        return tables;
    }

    private static SchemaTable describe(DatabaseMetaData meta, String schema, String table, List<String[]> cols)
            throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> identity = new ArrayList<>();
        List<String> sequenced = new ArrayList<>();
        for (String[] col : cols) {
            names.add(col[0]);
            if ("YES".equalsIgnoreCase(col[1])) {
                identity.add(col[0]);
            } else if (col[2] != null && col[2].toLowerCase(Locale.ROOT).startsWith("nextval(")) {
                sequenced.add(col[0]);
            }
        }
        Map<Short, String> key = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                key.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        Set<String> references = new TreeSet<>();
        try (ResultSet rs = meta.getImportedKeys(null, schema, table)) {
            while (rs.next()) {
                references.add(rs.getString("PKTABLE_NAME"));
            }
        }
        references.remove(table);
        return new SchemaTable(table, List.copyOf(names), List.copyOf(key.values()), Set.copyOf(references),
                List.copyOf(identity), List.copyOf(sequenced));
    }

    /**
     * Each table after the tables it references, ties by name. A table's references to itself (a run retrying
     * another) are left to the order of its rows; references to tables not in {@code tables} are left out.
     */
    static List<SchemaTable> dependencyOrder(Map<String, SchemaTable> tables) {
        List<SchemaTable> ordered = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        Set<String> waiting = new TreeSet<>(tables.keySet());
        while (!waiting.isEmpty()) {
            String next = waiting.stream()
                    .filter(t -> tables.get(t).references().stream()
                            .allMatch(r -> placed.contains(r) || !tables.containsKey(r)))
                    .findFirst()
                    .orElseThrow(() -> new StoreException("ordering the tables " + waiting + " for a copy: they "
                            + "reference each other in a cycle"));
            ordered.add(tables.get(next));
            placed.add(next);
            waiting.remove(next);
        }
        return ordered;
    }

    /** The name as SQL writes it, quoted: a column may be a word such as {@code trigger} or {@code at}. */
    static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}

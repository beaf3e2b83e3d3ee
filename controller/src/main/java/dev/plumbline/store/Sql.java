package dev.plumbline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC plumbing shared by the store classes, limited to what both H2 and PostgreSQL drivers do the same way. */
final class Sql {
    /** The column whose generated value an INSERT hands back. */
    static final String[] ID = {"id"};

    private static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface Params {
        void bind(PreparedStatement ps) throws SQLException;
    }

    static StoreException failure(String doing, SQLException e) {
        return new StoreException(doing + ": " + e.getMessage(), e);
    }

    /** PostgreSQL keeps microseconds; truncating here makes what was written equal what is read back. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static <T> List<T> list(Connection c, String sql, Params params, Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            params.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Params params, Row<T> row) throws SQLException {
        List<T> rows = list(c, sql, params, row);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static int update(Connection c, String sql, Params params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            params.bind(ps);
            return ps.executeUpdate();
        }
    }

    static long insert(Connection c, String sql, Params params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, ID)) {
            params.bind(ps);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no generated id");
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * Runs {@code work} under a savepoint, rolled back to when it throws, so that a statement expected to fail at
     * times (an insert that loses a race on a key) leaves the transaction usable: PostgreSQL aborts the whole
     * transaction on any error, where H2 only fails the statement.
     */
    static <T> T undoneOnFailure(Connection c, JdbcWork<T> work) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            T result = work.run(c);
            c.releaseSavepoint(before);
            return result;
        } catch (SQLException e) {
            c.rollback(before);
            throw e;
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** An instant (to the microsecond both databases keep) or SQL NULL. */
    static void setInstantOrNull(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            setInstant(ps, index, at.truncatedTo(ChronoUnit.MICROS));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        setNullable(ps, index, value, Types.INTEGER);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        setNullable(ps, index, value, Types.BIGINT);
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static void setString(PreparedStatement ps, int index, String value) throws SQLException {
        setNullable(ps, index, value, Types.VARCHAR);
    }

    /** A value or SQL NULL, typed either way, so every driver knows the column's type. */
    private static void setNullable(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else {
            ps.setObject(index, value, sqlType);
        }
    }
}

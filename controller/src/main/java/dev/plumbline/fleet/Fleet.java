package dev.plumbline.fleet;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.StoreException;
import dev.plumbline.util.Echo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fleet read model: every workspace with its current state, read from the store in a handful of queries per
 * page (one for the page with each workspace's latest check, kept in {@code workspace_checks} as checks end, one
 * each for what the page's workspaces have in the other tables), whatever the length of their histories.
 */
public final class Fleet {
    private static final String PAGE = """
            SELECT w.id, w.repo, w.name, w.tool, k.last_run_id, k.status, k.classification, k.finished_at,
                   k.last_success_at, k.drifted_since
            FROM workspaces w LEFT JOIN workspace_checks k ON k.workspace_id = w.id
            WHERE %s
            ORDER BY w.repo, w.name LIMIT ?
            """;

    private final Database db;

    public Fleet(Database db) {
        this.db = db;
    }

    /** One page of workspaces with their state; the error of a bad cursor names it. */
    public FleetPage page(FleetQuery query) {
        WorkspaceId after = query.after() == null ? null : decodeCursor(query.after());
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (after != null) {
            where.add("(w.repo > ? OR (w.repo = ? AND w.name > ?))");
            params.addAll(List.of(after.repo(), after.repo(), after.name()));
        }
        if (query.search() != null && !query.search().isBlank()) {
            where.add("LOWER(w.repo || '/' || w.name) LIKE ? ESCAPE '!'");
            params.add("%" + likeEscaped(query.search().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        where.add(conditionClause(query.condition()));
        String sql = String.format(PAGE, String.join(" AND ", where));
        params.add(query.limit() + 1);
        List<WorkspaceState> states = read("reading the fleet", c -> states(c, sql, params));
        String next = null;
        if (states.size() > query.limit()) {
            states = states.subList(0, query.limit());
            next = cursor(states.get(states.size() - 1).id());
        }
        return new FleetPage(states, next);
    }

    /** One workspace with its state; empty when it is not registered. */
    public Optional<WorkspaceState> find(WorkspaceId id) {
        String sql = String.format(PAGE, "w.repo = ? AND w.name = ?");
        List<WorkspaceState> found = read("reading the state of workspace " + id,
                c -> states(c, sql, List.of(id.repo(), id.name(), 1)));
        return found.stream().findFirst();
    }

    /** Every workspace's state, page by page (the metrics' view of the fleet). */
    public List<WorkspaceState> all() {
        List<WorkspaceState> out = new ArrayList<>();
        String after = null;
        do {
            FleetPage page = page(new FleetQuery(null, null, after, FleetQuery.MAX_LIMIT));
            out.addAll(page.workspaces());
            after = page.next();
        } while (after != null);
        return out;
    }

    /** The cursor after workspace {@code id}: opaque to callers, the workspace's name to this class. */
    public static String cursor(WorkspaceId id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.toString().getBytes(StandardCharsets.UTF_8));
    }

    static WorkspaceId decodeCursor(String cursor) {
        try {
            return WorkspaceId.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor " + Echo.quote(cursor)
                    + ": pass the 'next' value of the previous page");
        }
    }

    private static String conditionClause(Condition condition) {
        if (condition == null) {
            return "1 = 1";
        }
        return condition == Condition.UNCHECKED ? "k.workspace_id IS NULL"
                : "k.condition = '" + condition.wire() + "'";
    }

    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private List<WorkspaceState> states(Connection c, String sql, List<Object> params) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        FleetDetails details = FleetDetails.read(c, rows);
        return rows.stream().map(details::state).toList();
    }

    private static Row row(ResultSet rs) throws SQLException {
        WorkspaceId id = new WorkspaceId(rs.getString("repo"), rs.getString("name"));
        long checkId = rs.getLong("last_run_id");
        LastCheck check = null;
        if (!rs.wasNull()) {
            String classification = rs.getString("classification");
            check = new LastCheck(checkId, RunStatus.parse(rs.getString("status")),
                    classification == null ? null : Classification.parse(classification), instant(rs, "finished_at"));
        }
        return new Row(rs.getLong("id"), id, Tool.parse(rs.getString("tool")), check, instant(rs, "last_success_at"),
                instant(rs, "drifted_since"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** A workspace of a page as its first query reads it: the rest comes from {@link FleetDetails}. */
    record Row(long key, WorkspaceId id, Tool tool, LastCheck check, Instant successAt, Instant driftedSince) {
        boolean drifted() {
            return check != null && check.status() == RunStatus.SUCCEEDED
                    && check.classification() == Classification.DRIFTED;
        }
    }

    @FunctionalInterface
    interface Reading<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(String doing, Reading<T> work) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(doing + ": " + e.getMessage(), e);
        }
    }
}

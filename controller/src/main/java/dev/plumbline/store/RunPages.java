package dev.plumbline.store;

import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.WorkspaceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs page by page, newest first, filtered by workspace, kind and status: the API's run list. A page continues
 * before the id of the last run of the previous one, so runs started meanwhile never shift a page.
 */
public final class RunPages {
    private final Scope scope;

    RunPages(Scope scope) {
        this.scope = scope;
    }

    /** A filter; each part null for any. {@code beforeId} null starts from the newest. */
    public record Filter(WorkspaceId workspace, RunKind kind, RunStatus status, Long beforeId, int limit) { }

    public List<Run> page(Filter f) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        where.add("r.id < ?");
        params.add(f.beforeId() == null ? Long.MAX_VALUE : f.beforeId());
        if (f.workspace() != null) {
            where.add("w.repo = ? AND w.name = ?");
            params.add(f.workspace().repo());
            params.add(f.workspace().name());
        }
        if (f.kind() != null) {
            where.add("r.kind = ?");
            params.add(f.kind().wire());
        }
        if (f.status() != null) {
            where.add("r.status = ?");
            params.add(f.status().wire());
        }
        params.add(f.limit());
        return scope.run("listing runs", c -> Sql.list(c, Runs.SELECT + " WHERE " + String.join(" AND ", where)
                + " ORDER BY r.id DESC LIMIT ?", ps -> {
                    for (int i = 0; i < params.size(); i++) {
                        ps.setObject(i + 1, params.get(i));
                    }
                }, Runs::row));
    }
}

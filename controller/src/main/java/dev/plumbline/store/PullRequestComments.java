package dev.plumbline.store;

import java.time.Clock;
import java.util.Optional;

/**
 * The report comment of each pull request: its id on the host, so the report is edited in place rather than posted
 * again, and the head commit it last reported on, so a poll knows which heads were already reviewed.
 */
public final class PullRequestComments {
    private final Scope scope;
    private final Clock clock;

    PullRequestComments(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    public Optional<Long> commentId(String repo, int number) {
        return scope.run("reading the report comment of " + repo + "#" + number, c -> Sql.one(c,
                "SELECT comment_id FROM pull_request_comments WHERE repo = ? AND pr_number = ?", ps -> {
                    ps.setString(1, repo);
                    ps.setInt(2, number);
                }, rs -> Optional.ofNullable(Sql.longOrNull(rs, "comment_id")))).flatMap(v -> v);
    }

    /** The head commit the pull request was last reviewed at. */
    public Optional<String> headSha(String repo, int number) {
        return scope.run("reading the reviewed head of " + repo + "#" + number, c -> Sql.one(c,
                "SELECT head_sha FROM pull_request_comments WHERE repo = ? AND pr_number = ?", ps -> {
                    ps.setString(1, repo);
                    ps.setInt(2, number);
                }, rs -> Optional.ofNullable(rs.getString("head_sha")))).flatMap(v -> v);
    }

    /** {@code open}, {@code merged} or {@code closed}; open when nothing was recorded. */
    public String state(String repo, int number) {
        return scope.run("reading the state of " + repo + "#" + number, c -> Sql.one(c,
                "SELECT state FROM pull_request_comments WHERE repo = ? AND pr_number = ?", ps -> {
                    ps.setString(1, repo);
                    ps.setInt(2, number);
                }, rs -> rs.getString("state"))).orElse("open");
    }

    public void recordComment(String repo, int number, long commentId) {
        upsert(repo, number, "comment_id", commentId);
    }

    public void recordHead(String repo, int number, String headSha) {
        upsert(repo, number, "head_sha", headSha);
    }

    public void recordState(String repo, int number, String state) {
        upsert(repo, number, "state", state);
    }

    /** Update, then insert when there was no row (portable; no MERGE or ON CONFLICT). */
    private void upsert(String repo, int number, String column, Object value) {
        scope.run("recording the report of " + repo + "#" + number, c -> {
            int updated = Sql.update(c, "UPDATE pull_request_comments SET " + column + " = ?, updated_at = ?"
                    + " WHERE repo = ? AND pr_number = ?", ps -> {
                        ps.setObject(1, value);
                        Sql.setInstant(ps, 2, Sql.now(clock));
                        ps.setString(3, repo);
                        ps.setInt(4, number);
                    });
            if (updated == 0) {
                Sql.update(c, "INSERT INTO pull_request_comments (repo, pr_number, " + column + ", updated_at)"
                        + " VALUES (?, ?, ?, ?)", ps -> {
                            ps.setString(1, repo);
                            ps.setInt(2, number);
                            ps.setObject(3, value);
                            Sql.setInstant(ps, 4, Sql.now(clock));
                        });
            }
            return null;
        });
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.config.RepoSettings;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.source.GitMirror;
import dev.plumbline.store.Database;
import dev.plumbline.store.Tx;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a repo and lists the workspaces to plan because of commits pushed since the last poll: those whose
 * directory, local modules (followed transitively), var files or whose .plumbline.yaml entry changed, new
 * workspaces included. The first time a repo is seen nothing is planned (a restart or a new daemon must not
 * plan every workspace at once); the drift schedules check each workspace in its turn. A head older than the one
 * recorded is fetched again before it is believed, so one daemon's late fetch never moves the head back.
 */
final class RepoChanges {
    private static final Logger LOG = LoggerFactory.getLogger(RepoChanges.class);

    private final Database db;
    private final Catalog catalog;

    RepoChanges(Database db, Catalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    /**
     * The workspaces to plan because of commits pushed since the head last recorded, recording the new head in one
     * transaction with what {@code queue} writes for them (their plans), so a crash never leaves a head recorded
     * whose plans were not queued. When another daemon moved the head first, nothing is recorded or queued here and
     * nothing is returned: that daemon queued the plans.
     */
    List<WorkspaceId> since(String repo, BiConsumer<Tx, List<WorkspaceId>> queue) {
        Catalog.RepoView view = catalog.refresh(repo);
        if (view.settings() == null) {
            return List.of();
        }
        Optional<String> last = db.repoHeads().lastSeen(repo);
        if (last.isPresent() && isBehind(repo, last.get(), view.revision().commit())) {
            // Another daemon recorded a newer head after this fetch: fetch again rather than move the head back. A
            // head still behind after a fresh fetch was moved back in Git (a force push), and is followed.
            view = catalog.refresh(repo);
        }
        String head = view.revision().commit();
        if (last.isPresent() && last.get().equals(head)) {
            return List.of();
        }
        List<String> changed = last.isEmpty() ? List.of() : changedSince(repo, last.get(), head);
        if (view.settingsError() != null) {
            // Invalid settings change nothing: the last valid ones stay in force, so their edit plans nothing.
            changed = changed.stream().filter(f -> !f.equals(RepoSettings.FILE_NAME)).toList();
        }
        List<WorkspaceId> affected = List.copyOf(view.settings().affectedBy(changed));
        boolean moved = db.inTransaction(tx -> {
            if (!tx.repoHeads().advance(repo, last, head)) {
                return false;
            }
            queue.accept(tx, affected);
            return true;
        });
        if (!moved) {
            LOG.info("repo {}: commit {} was already taken up by another daemon", repo, CommitSha.shorten(head));
            return List.of();
        }
        if (!affected.isEmpty()) {
            LOG.info("repo {}: commit {} changes {}", repo, CommitSha.shorten(head), affected);
        }
        return affected;
    }

    /** Whether {@code head} is older than the recorded {@code last}: in its history, or {@code last} not fetched. */
    private boolean isBehind(String repo, String last, String head) {
        GitMirror mirror = catalog.mirror(repo);
        return !last.equals(head) && (mirror.resolve(last).isEmpty() || mirror.isAncestor(head, last));
    }

    /**
     * The files changed from {@code last} to {@code head}; every file when this daemon's mirror does not have
     * {@code last} (another daemon recorded it, and Git has since moved back past it), so nothing is missed.
     */
    private List<String> changedSince(String repo, String last, String head) {
        if (catalog.mirror(repo).resolve(last).isEmpty()) {
            LOG.warn("repo {}: the recorded head {} is no longer in Git; planning every workspace at {}", repo,
                    CommitSha.shorten(last), CommitSha.shorten(head));
            return catalog.mirror(repo).changedFiles(null, head);
        }
        return catalog.changedFiles(repo, last, head);
    }

}

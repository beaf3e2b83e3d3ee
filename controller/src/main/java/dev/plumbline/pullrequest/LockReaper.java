package dev.plumbline.pullrequest;

import dev.plumbline.store.Database;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.VcsException;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees apply locks that nobody will free: those of pull requests that were closed or merged while no event reached
 * Plumbline (the close is then handled as if it had), and those older than the repo's {@code lock_max_age}.
 */
final class LockReaper {
    private static final Logger LOG = LoggerFactory.getLogger(LockReaper.class);

    private final Database db;
    private final PullRequests pullRequests;

    LockReaper(Database db, PullRequests pullRequests) {
        this.db = db;
        this.pullRequests = pullRequests;
    }

    void reap(CodeHosts.Repo repo) {
        Instant oldest = Instant.now().minus(repo.config().lockMaxAge());
        for (WorkspaceLock lock : db.workspaceLocks().all(repo.repo())) {
            if (lock.lockedAt().isBefore(oldest)) {
                LOG.warn("{}/{}: the lock of #{} is older than {}; releasing it", repo.repo(), lock.workspace(),
                        lock.number(), repo.config().lockMaxAge());
                pullRequests.releaseLock(repo.repo(), lock.workspace(), lock.number());
                db.audit().record("plumbline", "lock.expired", Optional.empty(), Optional.empty(),
                        repo.repo() + "/" + lock.workspace() + " was locked by #" + lock.number() + " since "
                                + lock.lockedAt());
                continue;
            }
            try {
                PullRequest pr = repo.host().pullRequest(repo.config().project(), lock.number());
                if (!pr.open()) {
                    LOG.info("{} #{} was {} without Plumbline hearing of it; releasing its locks", repo.repo(),
                            lock.number(), pr.state().name().toLowerCase(Locale.ROOT));
                    pullRequests.closed(repo.repo(), lock.number(), pr.state() == PullRequest.State.MERGED);
                }
            } catch (VcsException e) {
                LOG.warn("checking whether #{} of {} is still open: {}", lock.number(), repo.repo(), e.getMessage());
            }
        }
    }
}

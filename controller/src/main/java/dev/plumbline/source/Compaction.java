package dev.plumbline.source;

import java.util.Properties;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every fetch adds a pack file; a mirror fetched each minute would collect hundreds of thousands of them and
 * slow down every lookup. Once there are too many, the mirror is repacked. Failing to do so is not an error
 * for the fetch that triggered it.
 */
final class Compaction {
    private static final Logger LOG = LoggerFactory.getLogger(GitMirror.class);
    static final long MAX_PACK_FILES = 40;
    static final long MAX_LOOSE_OBJECTS = 5_000;

    private Compaction() {
    }

    static void maybeRun(Repository repository, String repoName) {
        maybeRun(repository, repoName, MAX_PACK_FILES, MAX_LOOSE_OBJECTS);
    }

    static void maybeRun(Repository repository, String repoName, long maxPackFiles, long maxLooseObjects) {
        try (Git git = new Git(repository)) {
            Properties stats = git.gc().getStatistics();
            long packs = number(stats, "numberOfPackFiles");
            long loose = number(stats, "numberOfLooseObjects");
            if (packs <= maxPackFiles && loose <= maxLooseObjects) {
                return;
            }
            LOG.info("repacking the mirror of repo '{}' ({} pack files, {} loose objects)", repoName, packs, loose);
            git.gc().call();
        } catch (GitAPIException | RuntimeException e) {
            LOG.warn("repacking the mirror of repo '{}': {}", repoName, e.getMessage(), e);
        }
    }

    private static long number(Properties stats, String key) {
        Object value = stats.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}

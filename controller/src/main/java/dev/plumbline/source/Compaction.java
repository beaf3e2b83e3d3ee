package dev.plumbline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every fetch adds a pack file; a mirror fetched each minute would collect hundreds of thousands of them and
 * slow down every lookup. Once there are too many, the mirror is repacked. JGit keeps the replaced packs for an
 * hour (a checkout may still be reading them), so repacking runs at most once per {@link #MIN_INTERVAL}, or it
 * would run again on every fetch until they are gone. Failing to repack is not an error for the fetch.
 */
final class Compaction {
    private static final Logger LOG = LoggerFactory.getLogger(GitMirror.class);
    static final long MAX_PACK_FILES = 40;
    static final long MAX_LOOSE_OBJECTS = 5_000;
    static final Duration MIN_INTERVAL = Duration.ofHours(2);
    static final String MARKER = "plumbline-compacted";

    private Compaction() {
    }

    static void maybeRun(Repository repository, String repoName) {
        maybeRun(repository, repoName, MAX_PACK_FILES, MAX_LOOSE_OBJECTS);
    }

    static void maybeRun(Repository repository, String repoName, long maxPackFiles, long maxLooseObjects) {
        Path marker = repository.getDirectory().toPath().resolve(MARKER);
        try (Git git = new Git(repository)) {
            if (Files.exists(marker)
                    && Files.getLastModifiedTime(marker).toInstant().isAfter(Instant.now().minus(MIN_INTERVAL))) {
                return;
            }
            Properties stats = git.gc().getStatistics();
            long packs = number(stats, "numberOfPackFiles");
            long loose = number(stats, "numberOfLooseObjects");
            if (packs <= maxPackFiles && loose <= maxLooseObjects) {
                return;
            }
            LOG.info("repacking the mirror of repo '{}' ({} pack files, {} loose objects)", repoName, packs, loose);
            git.gc().call();
            Files.write(marker, new byte[0]);
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        } catch (GitAPIException | IOException | RuntimeException e) {
            LOG.warn("repacking the mirror of repo '{}': {}", repoName, e.getMessage(), e);
        }
    }

    private static long number(Properties stats, String key) {
        Object value = stats.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}

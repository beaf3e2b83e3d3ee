package dev.plumbline.source;

import dev.plumbline.domain.Revision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local bare mirror of one configured repo, in {@code <dataDir>/repos/<name>.git}. The first fetch creates
 * it, later fetches bring only what is new. Runs never share a working tree: each gets the exact commit it runs
 * written into a directory of its own by {@link #checkout}.
 *
 * <p>One fetch per mirror runs at a time (also across instances on the same directory); checkouts and queries
 * run concurrently with each other and with a fetch, since Git objects are immutable once written.
 */
public final class GitMirror implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitMirror.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> FETCH_LOCKS = new ConcurrentHashMap<>();

    private final GitRemote remote;
    private final Path directory;
    private final RemoteAccess access;
    private final Fetcher fetcher;
    private final ReentrantLock fetchLock;
    private volatile Repository repository;

    public GitMirror(GitRemote remote, Path dataDir) {
        this(remote, dataDir, RetryPolicy.DEFAULT);
    }

    public GitMirror(GitRemote remote, Path dataDir, RetryPolicy retry) {
        this.remote = remote;
        Path repos = dataDir.toAbsolutePath().normalize().resolve("repos");
        this.directory = repos.resolve(remote.name() + ".git");
        this.access = new RemoteAccess(remote, repos.resolve(remote.name() + ".ssh"));
        this.fetcher = new Fetcher(remote, access, retry);
        this.fetchLock = FETCH_LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
    }

    public GitRemote remote() {
        return remote;
    }

    /** The bare repository directory. */
    public Path directory() {
        return directory;
    }

    /** Fetches the tracked branch (cloning on first use) and returns its head. */
    public Revision fetch() {
        String branchRef = "refs/heads/" + remote.branch();
        return fetch(List.of(new RefSpec("+" + branchRef + ":" + branchRef)), "branch '" + remote.branch() + "'",
                () -> revision(branchRef, remote.branch()));
    }

    /**
     * Fetches one more ref, such as {@code refs/pull/42/head}, into {@code localRef} of the mirror and returns
     * the commit it points at. The remote ref must exist; the local ref is overwritten.
     */
    public Revision fetchRef(String remoteRef, String localRef) {
        if (!Repository.isValidRefName(remoteRef) || !Repository.isValidRefName(localRef)) {
            throw new SourceException("fetching ref '" + remoteRef + "' of repo '" + remote.name()
                    + "': both the remote and the local ref must be full ref names, got '" + remoteRef
                    + "' and '" + localRef + "'");
        }
        return fetch(List.of(new RefSpec("+" + remoteRef + ":" + localRef)), "ref '" + remoteRef + "'",
                () -> revision(localRef, remoteRef));
    }

    /** Fetches arbitrary ref specs, for example all pull request heads with a wildcard spec. */
    public void fetch(List<String> refSpecs) {
        List<RefSpec> specs = new ArrayList<>();
        for (String spec : refSpecs) {
            try {
                specs.add(new RefSpec(spec));
            } catch (IllegalArgumentException e) {
                throw new SourceException("fetching into repo '" + remote.name() + "': invalid ref spec '" + spec
                        + "'", e);
            }
        }
        fetch(specs, "ref specs " + refSpecs, () -> null);
    }

    /** Fetches under the lock; {@code result} is read under it too, so it sees this fetch and no later one. */
    private <T> T fetch(List<RefSpec> specs, String what, Supplier<T> result) {
        fetchLock.lock();
        try {
            Repository repo = repository(true);
            long started = System.nanoTime();
            fetcher.fetch(repo, specs, what);
            LOG.debug("fetched {} of repo '{}' in {} ms", what, remote.name(), (System.nanoTime() - started) / 1_000_000);
            T value = result.get();
            Compaction.maybeRun(repo, remote.name());
            return value;
        } finally {
            fetchLock.unlock();
        }
    }

    /** The full id of the commit a ref, branch, tag or (abbreviated) id names, if the mirror has it. */
    public Optional<String> resolve(String ref) {
        return Optional.ofNullable(commitId(ref)).map(ObjectId::getName);
    }

    /** The commit a ref or id names, with its metadata; {@code branch} of the result is {@code ref}. */
    public Revision revision(String ref) {
        return revision(ref, ref);
    }

    private Revision revision(String ref, String label) {
        ObjectId id = requireCommit(ref, "reading commit '" + ref + "'");
        try (RevWalk walk = new RevWalk(repository(false))) {
            RevCommit commit = walk.parseCommit(id);
            return new Revision(remote.name(), label, commit.getName(),
                    commit.getCommitterIdent().getWhenAsInstant(), commit.getAuthorIdent().getName(),
                    commit.getShortMessage());
        } catch (IOException e) {
            throw failure("reading commit '" + ref + "'", e);
        }
    }

    /** True when {@code ancestor} is {@code descendant} or one of its ancestors. */
    public boolean isAncestor(String ancestor, String descendant) {
        String doing = "comparing commits '" + ancestor + "' and '" + descendant + "'";
        return ask(doing, requireCommit(ancestor, doing), requireCommit(descendant, doing), History::isAncestor);
    }

    /**
     * The newest commit both have in their history (where a pull request branched off), or empty when they share
     * none.
     */
    public Optional<String> mergeBase(String a, String b) {
        String doing = "finding where '" + a + "' and '" + b + "' branched";
        return ask(doing, requireCommit(a, doing), requireCommit(b, doing), History::mergeBase);
    }

    /**
     * Paths (relative to the repo root, sorted) that differ between two commits: added, modified, deleted, and
     * both the old and the new path of a rename. A null {@code fromCommit} means "everything in toCommit".
     */
    public List<String> changedFiles(String fromCommit, String toCommit) {
        String doing = "listing files changed between '" + fromCommit + "' and '" + toCommit + "'";
        ObjectId from = fromCommit == null ? null : requireCommit(fromCommit, doing);
        return ask(doing, from, requireCommit(toCommit, doing), History::changedFiles);
    }

    /**
     * Writes the files of {@code commit} into {@code targetDir}, which must be empty or not exist. Symbolic links
     * that are absolute or lead outside {@code targetDir} are not written; they are listed in the result.
     */
    public Checkout checkout(String commit, Path targetDir) {
        return checkout(commit, targetDir, List.of());
    }

    /**
     * Writes only the given directories of the commit (paths relative to the repo root; "." or an empty list
     * means all): a run needs its workspace and the local modules it uses, not every workspace of the repo.
     */
    public Checkout checkout(String commit, Path targetDir, List<String> onlyDirs) {
        String doing = "checking out commit '" + commit + "' of repo '" + remote.name() + "' into " + targetDir;
        ObjectId id = requireCommit(commit, doing);
        Repository repo = repository(false);
        long started = System.nanoTime();
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            List<String> skipped = TreeWriter.write(reader, walk.parseCommit(id), targetDir, onlyDirs);
            if (!skipped.isEmpty()) {
                LOG.warn("{}: skipped {} path(s) that would lead outside the checkout or into .git: {}", doing,
                        skipped.size(), skipped);
            }
            LOG.debug("{}: done in {} ms", doing, (System.nanoTime() - started) / 1_000_000);
            return new Checkout(id.getName(), targetDir, skipped);
        } catch (IOException e) {
            throw failure(doing, e);
        }
    }

    @Override
    public void close() {
        Repository repo = repository;
        if (repo != null) {
            repo.close();
        }
        access.close();
    }

    /** A question about two commits of the mirror ({@link History}). */
    @FunctionalInterface
    private interface Question<T> {
        T ask(Repository repo, ObjectId a, ObjectId b) throws IOException;
    }

    private <T> T ask(String doing, ObjectId a, ObjectId b, Question<T> question) {
        try {
            return question.ask(repository(false), a, b);
        } catch (IOException e) {
            throw failure(doing, e);
        }
    }

    private ObjectId requireCommit(String ref, String doing) {
        ObjectId id = commitId(ref);
        if (id == null) {
            throw new SourceException(doing + ": commit '" + ref + "' does not exist in the mirror of repo '"
                    + remote.name() + "' (" + remote.displayUrl() + ", branch '" + remote.branch() + "')");
        }
        return id;
    }

    private ObjectId commitId(String ref) {
        if (ref == null || ref.isBlank()) {
            return null;
        }
        try {
            return repository(false).resolve(ref + "^{commit}");
        } catch (MissingObjectException | IncorrectObjectTypeException | RevisionSyntaxException e) {
            return null;
        } catch (AmbiguousObjectException e) {
            throw new SourceException("resolving '" + ref + "' in repo '" + remote.name() + "': it is ambiguous,"
                    + " use more characters of the commit id", e);
        } catch (IOException e) {
            throw failure("resolving '" + ref + "'", e);
        }
    }

    /** The repository, opened on first use; {@code create} makes an empty bare one if there is none yet. */
    private Repository repository(boolean create) {
        Repository repo = repository;
        return repo != null ? repo : open(create);
    }

    private synchronized Repository open(boolean create) {
        if (repository != null) {
            return repository;
        }
        try {
            if (Files.isRegularFile(directory.resolve("HEAD"))) {
                repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().setMustExist(true)
                        .build();
            } else if (create) {
                LOG.info("creating mirror of repo '{}' ({}) in {}", remote.name(), remote.displayUrl(), directory);
                Files.createDirectories(directory);
                repository = Git.init().setBare(true).setDirectory(directory.toFile())
                        .setInitialBranch(remote.branch()).call().getRepository();
            } else {
                throw new SourceException("opening the mirror of repo '" + remote.name() + "': it has not been"
                        + " fetched yet (" + directory + ")");
            }
            return repository;
        } catch (IOException | GitAPIException e) {
            throw failure("opening the mirror " + directory, e);
        }
    }

    private SourceException failure(String doing, Exception e) {
        String prefix = doing.contains("repo '") ? doing : doing + " of repo '" + remote.name() + "'";
        return new SourceException(prefix + ": " + e.getMessage(), e);
    }
}

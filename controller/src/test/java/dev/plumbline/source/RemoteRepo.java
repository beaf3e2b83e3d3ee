package dev.plumbline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;

/** A bare "remote" repository on disk and a working clone that commits and pushes into it. */
final class RemoteRepo implements AutoCloseable {

    final Path bare;
    final Path work;
    private final Git git;

    private RemoteRepo(Path bare, Path work, Git git) {
        this.bare = bare;
        this.work = work;
        this.git = git;
    }

    static RemoteRepo create(Path dir) throws GitAPIException {
        Path bare = dir.resolve("remote.git");
        Path work = dir.resolve("work");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        return new RemoteRepo(bare, work, git);
    }

    String url() {
        return bare.toUri().toString();
    }

    RemoteRepo write(String path, String content) throws IOException {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    RemoteRepo executable(String path, String content) throws IOException {
        write(path, content);
        Files.setPosixFilePermissions(work.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    RemoteRepo symlink(String path, String target) throws IOException {
        Path link = work.resolve(path);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
        return this;
    }

    RemoteRepo delete(String path) throws IOException, GitAPIException {
        Files.delete(work.resolve(path));
        git.rm().addFilepattern(path).setCached(true).call();
        return this;
    }

    RemoteRepo move(String from, String to) throws IOException, GitAPIException {
        Path target = work.resolve(to);
        Files.createDirectories(target.getParent());
        Files.move(work.resolve(from), target);
        git.rm().addFilepattern(from).setCached(true).call();
        return this;
    }

    /** Commits everything in the work tree and pushes it to the remote's main branch; returns the commit id. */
    String commit(String message) throws GitAPIException {
        return commitTo("refs/heads/main", message);
    }

    String commitTo(String remoteRef, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Ada Lovelace", "ada@example.com");
        String id = git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call()
                .getName();
        git.push().setRemote(url()).setRefSpecs(new RefSpec("+HEAD:" + remoteRef)).call();
        return id;
    }

    @Override
    public void close() {
        git.close();
    }
}

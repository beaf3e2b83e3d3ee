package dev.plumbline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real infrastructure repository for integration tests: a local bare repository (the "remote" Plumbline
 * follows) seeded with the project's example workspaces/ and modules/, and a working clone that commits and
 * pushes new revisions into it.
 */
public final class InfraRepo implements AutoCloseable {
    public final Path bare;
    public final Path work;
    private final Git git;

    private InfraRepo(Path bare, Path work, Git git) {
        this.bare = bare;
        this.work = work;
        this.git = git;
    }

    public static InfraRepo withExamples(Path dir, String settingsYaml) throws IOException, GitAPIException {
        Path bare = dir.resolve("infra.git");
        Path work = dir.resolve("infra-work");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        RealToolchain.copyExample("hello", work);
        RealToolchain.copyExample("team-settings", work);
        InfraRepo repo = new InfraRepo(bare, work, git);
        repo.write(".plumbline.yaml", settingsYaml).commit("Example infrastructure");
        return repo;
    }

    public String url() {
        return bare.toUri().toString();
    }

    public InfraRepo write(String path, String content) throws IOException {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    public String read(String path) throws IOException {
        return Files.readString(work.resolve(path));
    }

    /** Commits everything in the work tree and pushes it to the bare repository; returns the commit id. */
    public String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        RevCommit c = git.commit().setMessage(message).setAuthor("Test", "test@plumbline.invalid")
                .setCommitter("Test", "test@plumbline.invalid").setSign(false).call();
        git.push().setRemote(bare.toUri().toString()).add("main").call();
        return c.getName();
    }

    /** Moves main back to {@code commit}, in the work tree and by a force push, as a rollback in Git would. */
    public void forcePushBack(String commit) throws GitAPIException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit).call();
        git.push().setRemote(bare.toUri().toString()).add("main").setForce(true).call();
    }

    /** A daemon config following this repository as {@code name}, with its data under {@code dataDir}. */
    public String daemonConfig(String name, Path dataDir) {
        return "data_dir: " + dataDir + "\nrepos:\n  - name: " + name + "\n    url: " + url() + "\n    branch: main\n";
    }

    @Override
    public void close() {
        git.close();
    }
}

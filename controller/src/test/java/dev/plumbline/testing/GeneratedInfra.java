package dev.plumbline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A generated infrastructure repository for pull request tests: a local bare repository (the "remote") with five
 * small workspaces, each a {@code random_pet} and a {@code local_file} writing {@code <name>.txt} into the managed
 * directory. Workspaces {@code alpha} and {@code bravo} also use the local module {@code modules/shared}; the others
 * do not. Workspace {@code alpha} has a sensitive variable whose value is {@code canary}. Pull requests are branches
 * of the work clone whose head is also pushed where the host keeps it ({@code refs/pull/N/head}).
 */
public final class GeneratedInfra implements AutoCloseable {
    public static final List<String> WORKSPACES = List.of("alpha", "bravo", "charlie", "delta", "echo");
    public static final List<String> SHARED_USERS = List.of("alpha", "bravo");

    public final Path bare;
    public final Path work;
    private final Git git;

    private GeneratedInfra(Path bare, Path work, Git git) {
        this.bare = bare;
        this.work = work;
        this.git = git;
    }

    public static GeneratedInfra create(Path dir, Path managed, String canary) throws IOException, GitAPIException {
        Path bare = dir.resolve("infra.git");
        Path work = dir.resolve("infra-work");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        GeneratedInfra repo = new GeneratedInfra(bare, work,
                Git.init().setDirectory(work.toFile()).setInitialBranch("main").call());
        repo.write("modules/shared/main.tf", sharedModule("shared v1", false));
        StringBuilder settings = new StringBuilder("workspaces:\n");
        for (String ws : WORKSPACES) {
            repo.write("workspaces/" + ws + "/main.tf", workspace(ws));
            settings.append("  - name: ").append(ws).append("\n    dir: workspaces/").append(ws)
                    .append("\n    apply: auto\n    allow_destroy: true\n    variables: {output_dir: \"")
                    .append(managed).append('"').append(ws.equals("alpha") ? ", canary: \"" + canary + "\"" : "")
                    .append("}\n");
        }
        repo.write(".plumbline.yaml", settings.toString());
        repo.commit("Five workspaces");
        repo.push("main");
        return repo;
    }

    /** The shared module: one file, and optionally a second one. */
    public static String sharedModule(String content, boolean extraFile) {
        String extra = !extraFile ? "" : """

                resource "local_file" "extra" {
                  filename        = "${var.path}.extra"
                  content         = "extra ${var.content}\\n"
                  file_permission = "0644"
                }
                """;
        return """
                variable "path" {
                  type = string
                }

                variable "content" {
                  type = string
                }

                resource "local_file" "shared" {
                  filename        = var.path
                  content         = "%s ${var.content}\\n"
                  file_permission = "0644"
                }
                """.formatted(content) + extra;
    }

    private static String workspace(String name) {
        boolean shared = SHARED_USERS.contains(name);
        String module = !shared ? "" : """

                module "shared" {
                  source  = "../../modules/shared"
                  path    = "${var.output_dir}/%s-shared.txt"
                  content = "for %s"
                }
                """.formatted(name, name);
        String canary = !name.equals("alpha") ? "" : """

                variable "canary" {
                  type      = string
                  sensitive = true
                }

                resource "local_file" "token" {
                  filename        = "${var.output_dir}/alpha-token.txt"
                  content         = "token=${var.canary}\\n"
                  file_permission = "0600"
                }
                """;
        return """
                terraform {
                  required_providers {
                    local = {
                      source  = "hashicorp/local"
                      version = "2.9.0"
                    }
                    random = {
                      source  = "hashicorp/random"
                      version = "3.9.0"
                    }
                  }
                }

                variable "output_dir" {
                  type = string
                }

                resource "random_pet" "name" {
                  length = 2
                }

                resource "local_file" "this" {
                  filename        = "${var.output_dir}/%s.txt"
                  content         = "%s is ${random_pet.name.id}\\n"
                  file_permission = "0644"
                }
                """.formatted(name, name) + module + canary;
    }

    public GeneratedInfra write(String path, String content) throws IOException {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    public String read(String path) throws IOException {
        return Files.readString(work.resolve(path));
    }

    /** Starts branch {@code name} from main and checks it out. */
    public GeneratedInfra branch(String name) throws GitAPIException {
        git.checkout().setName("main").call();
        git.checkout().setCreateBranch(true).setName(name).setStartPoint("main").call();
        return this;
    }

    public GeneratedInfra checkout(String name) throws GitAPIException {
        git.checkout().setName(name).call();
        return this;
    }

    /** Commits everything in the work tree on the checked-out branch; returns the commit id. */
    public String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        RevCommit c = git.commit().setMessage(message).setAuthor("Test", "test@plumbline.invalid")
                .setCommitter("Test", "test@plumbline.invalid").setSign(false).call();
        return c.getName();
    }

    /** Pushes a local branch to the same branch of the bare repository. */
    public void push(String branch) throws GitAPIException {
        git.push().setRemote(bare.toUri().toString())
                .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch)).call();
    }

    /** Points {@code ref} of the bare repository at the head of {@code branch}, as a host does for a pull request. */
    public void publish(String branch, String ref) throws GitAPIException {
        git.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + ref))
                .call();
    }

    /** Merges {@code branch} into main with a merge commit and pushes main; returns the merge commit. */
    public String mergeIntoMain(String branch) throws GitAPIException, IOException {
        git.checkout().setName("main").call();
        ObjectId head = git.getRepository().resolve("refs/heads/" + branch);
        git.merge().include(head).setFastForward(MergeCommand.FastForwardMode.NO_FF).setCommit(true)
                .setMessage("Merge " + branch).call();
        push("main");
        return git.getRepository().resolve("refs/heads/main").getName();
    }

    public String head(String branch) throws IOException {
        return git.getRepository().resolve("refs/heads/" + branch).getName();
    }

    @Override
    public void close() {
        git.close();
    }
}

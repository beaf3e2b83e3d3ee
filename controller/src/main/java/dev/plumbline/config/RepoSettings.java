package dev.plumbline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.plumbline.domain.WorkspaceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one repository checkout's {@code .plumbline.yaml} says, validated: the workspaces it lists, in the order it
 * lists them, whether the workspaces it does not list are to be discovered, and the directories excluded from
 * that. Without the file nothing is listed and everything is discovered. {@code entries} says, for each listed
 * workspace's name, where the file lists it as its problems name it ({@code workspaces[0] (dir 'envs/prod')}), so
 * that a discovered directory taking the same name can be told apart from it. {@code policy} is the repository's own
 * policy directory ({@code policies:}), or null.
 */
public record RepoSettings(String repo, List<WorkspaceConfig> workspaces, boolean autodiscover, ExcludedDirs exclude,
        Map<String, String> entries, RepoPolicy policy) {
    public static final String FILE_NAME = ".plumbline.yaml";

    /** How a workspace name is written, as a problem with one says it. */
    public static final String NAME_RULE =
            "use letters, digits, '.', '_' or '-', starting with a letter or digit (at most 100 characters)";

    /** The name given to a workspace at the checkout root, which has no directory name to derive one from. */
    static final String ROOT_NAME = "root";

    public RepoSettings {
        workspaces = List.copyOf(workspaces);
        Objects.requireNonNull(exclude, "exclude");
        entries = Map.copyOf(entries);
    }

    /**
     * Reads {@code .plumbline.yaml} at the checkout root, if there is one; the directories and files it names are
     * checked against the checkout.
     *
     * @throws ConfigException listing every problem, each naming {@code <repo>/.plumbline.yaml} and the field
     */
    public static RepoSettings load(Path checkoutRoot, String repoName) {
        new WorkspaceId(repoName, "check"); // an invalid repo name is the caller's mistake, not the file's
        Problems problems = new Problems(fileOf(repoName));
        CheckoutPaths paths;
        try {
            paths = new CheckoutPaths(checkoutRoot);
        } catch (IOException e) {
            throw new ConfigException(problems.file(), "reading the checkout " + checkoutRoot + ": " + e, e);
        }
        RawRepoSettings raw = RawRepoSettings.read(settingsFile(paths, problems), problems);
        RepoSettings settings = new RepoSettingsRules(repoName, paths, problems).apply(raw);
        problems.throwIfAny();
        return settings;
    }

    /** The settings file of {@code repo} as problems name it: {@code <repo>/.plumbline.yaml}. */
    public static String fileOf(String repo) {
        return repo + "/" + FILE_NAME;
    }

    /**
     * The name a workspace gets from its directory when none is given: {@code workspaces/hello} is named
     * {@code workspaces-hello}.
     */
    public static String nameOf(String dir) {
        return dir.equals(".") ? ROOT_NAME : dir.replace('/', '-');
    }

    public Optional<WorkspaceConfig> workspace(String name) {
        return workspaces.stream().filter(w -> w.id().name().equals(name)).findFirst();
    }

    private static JsonNode settingsFile(CheckoutPaths paths, Problems problems) {
        Path file = paths.root().resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return MissingNode.getInstance();
        }
        // A link to a file elsewhere on the daemon's machine would have its content quoted back in errors.
        if (Files.isSymbolicLink(file) || !paths.contains(file) || !Files.isRegularFile(file)) {
            throw new ConfigException(problems.file(), "must be a regular file, not a symbolic link or a directory",
                    null);
        }
        return YamlFile.read(file, problems.file());
    }
}

package dev.plumbline.config;

import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.List;

/**
 * One policy set of the daemon config ({@code policies.sets[i]}): where its Rego files are (a directory on the
 * daemon's machine, a path of a configured repo at its tracked branch, or a built-in of Plumbline's library), the
 * namespaces whose rules count, its enforcement, which workspaces it applies to, and the parameters its policies
 * read as {@code data.params} (JSON, or null).
 *
 * @param dir        the directory, for {@link Source#DIR}; else null
 * @param repo       the repo, for {@link Source#GIT}; else null
 * @param path       the path in that repo, for {@link Source#GIT}; the built-in's name for {@link Source#BUILTIN}
 * @param appliesTo  globs over {@code <repo>/<workspace>} ({@code *} within a part, {@code **} across)
 */
public record PolicySetConfig(String name, Source source, Path dir, String repo, String path, List<String> namespaces,
        Enforcement enforcement, List<String> appliesTo, String paramsJson) {

    /** The built-in policies a set may name (the Rego files of {@code dev/plumbline/rego/library}). */
    public static final List<String> BUILTINS = List.of("protected", "required_tags", "allowed_providers",
            "max_deletions");

    public enum Source { DIR, GIT, BUILTIN }

    public PolicySetConfig {
        namespaces = List.copyOf(namespaces);
        appliesTo = List.copyOf(appliesTo);
    }

    /** Whether the set checks plans of this workspace. */
    public boolean appliesTo(WorkspaceId id) {
        String name = id.toString();
        return appliesTo.stream().anyMatch(g -> Glob.of(g).matches(name));
    }
}

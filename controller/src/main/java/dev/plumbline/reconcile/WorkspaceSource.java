package dev.plumbline.reconcile;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a workspace's configuration is and how to run it: {@code root} is the checked-out repository (modules
 * referenced with relative paths live there too), {@code dir} the workspace directory relative to it.
 * {@code commit} is null for a plain directory. Secret variables are passed as TF_VAR_* and redacted everywhere.
 */
public record WorkspaceSource(
        WorkspaceId id, Path root, String dir, String commit, Tool tool, Map<String, String> variables,
        Map<String, String> secretVariables, List<String> varFiles) {

    public WorkspaceSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(tool, "tool");
        variables = Map.copyOf(variables);
        secretVariables = Map.copyOf(secretVariables);
        varFiles = List.copyOf(varFiles);
    }

    public static WorkspaceSource of(WorkspaceId id, Path root, String dir, Tool tool) {
        return new WorkspaceSource(id, root, dir, null, tool, Map.of(), Map.of(), List.of());
    }

    public WorkspaceSource withVariables(Map<String, String> vars) {
        return new WorkspaceSource(id, root, dir, commit, tool, vars, secretVariables, varFiles);
    }

    public WorkspaceSource withSecretVariables(Map<String, String> vars) {
        return new WorkspaceSource(id, root, dir, commit, tool, variables, vars, varFiles);
    }
}

package dev.plumbline.discovery;

import dev.plumbline.config.DriftPolicy;
import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a workspace's configuration is and how to run it: {@code tree} writes the repository at one revision
 * (modules referenced with relative paths live there too), {@code dir} is the workspace directory relative to it.
 * {@code commit} is null for a plain directory. Secret variables are passed as TF_VAR_* and redacted everywhere;
 * a secret variable's value may name a secret in AWS ({@code ssm:/path}, {@code secretsmanager:name#key}), read
 * at run time. {@code aws} (nullable) is the role the run assumes; {@code backendConfig} goes to init as
 * {@code -backend-config}. {@code drift} is the workspace's drift policy, its ignore rules joined by the daemon's.
 */
public record WorkspaceSource(
        WorkspaceId id, SourceTree tree, String dir, String commit, Tool tool, Map<String, String> variables,
        Map<String, String> secretVariables, List<String> varFiles, WorkspaceAwsConfig aws,
        Map<String, String> backendConfig, DriftPolicy drift) {

    public WorkspaceSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(tool, "tool");
        variables = Map.copyOf(variables);
        secretVariables = Map.copyOf(secretVariables);
        varFiles = List.copyOf(varFiles);
        backendConfig = Map.copyOf(backendConfig);
        if (drift == null) {
            drift = DriftPolicy.DEFAULT;
        }
    }

    public WorkspaceSource(WorkspaceId id, SourceTree tree, String dir, String commit, Tool tool,
            Map<String, String> variables, Map<String, String> secretVariables, List<String> varFiles,
            WorkspaceAwsConfig aws, Map<String, String> backendConfig) {
        this(id, tree, dir, commit, tool, variables, secretVariables, varFiles, aws, backendConfig, null);
    }

    public static WorkspaceSource of(WorkspaceId id, Path root, String dir, Tool tool) {
        return new WorkspaceSource(id, SourceTree.directory(root), dir, null, tool, Map.of(), Map.of(), List.of(),
                null, Map.of());
    }

    public WorkspaceSource withVariables(Map<String, String> vars) {
        return new WorkspaceSource(id, tree, dir, commit, tool, vars, secretVariables, varFiles, aws, backendConfig,
                drift);
    }

    public WorkspaceSource withSecretVariables(Map<String, String> vars) {
        return new WorkspaceSource(id, tree, dir, commit, tool, variables, vars, varFiles, aws, backendConfig,
                drift);
    }
}

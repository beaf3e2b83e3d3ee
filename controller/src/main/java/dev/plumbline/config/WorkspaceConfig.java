package dev.plumbline.config;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One workspace of a repository, validated. {@code dir} is relative to the checkout root ({@code "."} for the
 * root itself); {@code varFiles} are relative to {@code dir}, as the tool is given them. {@code discovered} tells
 * a workspace found on disk with defaults from one listed in {@code .plumbline.yaml}.
 *
 * <p>A variable's value may be a secret reference ({@code ssm:/path}, {@code secretsmanager:name[#key]}), kept
 * as written: it is resolved when the workspace runs, so no secret is ever part of this value. {@code aws} is
 * null when the workspace names no role; {@code backendConfig} is given to init as {@code -backend-config=k=v}.
 */
public record WorkspaceConfig(
        WorkspaceId id, String dir, Tool tool, DriftPolicy drift, ApplyMode apply, boolean allowDestroy,
        Map<String, String> variables, List<String> varFiles, boolean discovered, WorkspaceAwsConfig aws,
        Map<String, String> backendConfig) {

    public WorkspaceConfig {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        varFiles = List.copyOf(varFiles);
        backendConfig = backendConfig == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(backendConfig));
    }

    /** A workspace found on disk: everything at its default. */
    public static WorkspaceConfig discovered(WorkspaceId id, String dir) {
        return new WorkspaceConfig(id, dir, Tool.TOFU, DriftPolicy.DEFAULT, ApplyMode.APPROVAL, false, Map.of(),
                List.of(), true, null, Map.of());
    }

    /** The var files relative to the checkout root, as changed-file lists name them. */
    public List<String> varFilesFromRoot() {
        List<String> out = new ArrayList<>();
        for (String f : varFiles) {
            out.add(CheckoutPaths.slashes(Path.of(dir).resolve(f).normalize()));
        }
        return out;
    }
}

package dev.plumbline.config;

import dev.plumbline.domain.Enforcement;
import java.util.List;

/**
 * A repository's own policies ({@code policies:} in {@code .plumbline.yaml}): a directory of Rego files in the
 * repository, the namespaces whose rules count, and the enforcement it asks for, which is granted only when the
 * daemon config lets the repo enforce its own ({@code policies.repos_may_enforce}); else it is advisory.
 */
public record RepoPolicy(String dir, List<String> namespaces, Enforcement requested) {
    public RepoPolicy {
        namespaces = List.copyOf(namespaces);
    }
}

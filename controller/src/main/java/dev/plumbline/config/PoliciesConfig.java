package dev.plumbline.config;

import dev.plumbline.domain.WorkspaceId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The daemon config's {@code policies:} section: the server's policy sets, how long one set's evaluation of one
 * plan may take, and the repos whose own policies may be mandatory.
 */
public record PoliciesConfig(List<PolicySetConfig> sets, Duration timeout, List<String> reposMayEnforce) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final PoliciesConfig NONE = new PoliciesConfig(List.of(), DEFAULT_TIMEOUT, List.of());

    public PoliciesConfig {
        sets = List.copyOf(sets);
        reposMayEnforce = List.copyOf(reposMayEnforce);
    }

    /** The sets that check plans of {@code id}, in the order the config lists them. */
    public List<PolicySetConfig> setsFor(WorkspaceId id) {
        return sets.stream().filter(s -> s.appliesTo(id)).toList();
    }

    public Optional<PolicySetConfig> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public boolean mayEnforce(String repo) {
        return reposMayEnforce.contains(repo);
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.config.PoliciesConfig;
import dev.plumbline.config.PolicySetConfig;
import dev.plumbline.config.RepoPolicy;
import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.discovery.RepoWorkspaces;
import dev.plumbline.rego.Evaluation;
import dev.plumbline.rego.Library;
import dev.plumbline.rego.PolicyFiles;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.Opa;
import dev.plumbline.runner.RunnerException;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The policy sets that check a workspace's plans, and their evaluation. The server's sets come from the daemon
 * config (a directory, a built-in) or from a configured repo at its tracked branch; a repository's own policies come
 * from the directory its settings at the tracked branch name, advisory unless the daemon config lets that repo
 * enforce its own. Nothing is read from a pull request's head, so a pull request cannot change or switch off the
 * policies that judge it; each set is evaluated on its own, so one set's rules cannot touch another's.
 *
 * <p>Each set's files are written into a private directory (mode 0700) that is deleted after the evaluation; the
 * plan itself goes to OPA on its standard input only.
 */
public final class PlanPolicies {
    /** No sets: every plan passes unchecked. */
    public static final PlanPolicies NONE = new PlanPolicies(PoliciesConfig.NONE, null, null, null);

    private final PoliciesConfig config;
    private final Catalog catalog;
    private final Path opaBinary;
    private final Path workRoot;
    /** The sets whose policies are Rego before v1.0, learnt by the evaluations (see {@link Evaluation}). */
    private final Set<String> readAsV0 = ConcurrentHashMap.newKeySet();

    /** {@code workRoot} holds the private directories the sets are written into (under the data dir). */
    public PlanPolicies(PoliciesConfig config, Catalog catalog, Path opaBinary, Path workRoot) {
        this.config = config;
        this.catalog = catalog;
        this.opaBinary = opaBinary;
        this.workRoot = workRoot;
    }

    /** Whether any set could check a plan of {@code id} (the repo's own policies included). */
    boolean any(WorkspaceId id) {
        if (!config.setsFor(id).isEmpty()) {
            return true;
        }
        try {
            return repoPolicy(id) != null;
        } catch (RuntimeException e) {
            return true; // the repo's settings cannot be read now: checking fails closed below, and says why
        }
    }

    /**
     * Every set's verdict on the plan, in the config's order and the repository's own last; {@code note} is told
     * each (masked) verdict for the run's log.
     */
    List<PolicyResult> check(WorkspaceId id, byte[] plan, UnaryOperator<String> mask, Cancellation cancel,
            Consumer<String> note) {
        List<PolicyResult> out = new ArrayList<>();
        List<PolicyTarget> targets = new ArrayList<>();
        config.setsFor(id).forEach(s -> targets.add(new PolicyTarget(s, null)));
        RepoPolicy own = repoPolicy(id);
        if (own != null) {
            targets.add(new PolicyTarget(null, own));
        }
        for (PolicyTarget t : targets) {
            PolicyResult r = evaluate(id, t, plan, mask, cancel);
            PolicyLines.of(r).forEach(line -> note.accept("plumbline: " + line));
            out.add(r);
        }
        return out;
    }

    /**
     * One server set's verdict on a plan, as the daemon would give it: {@code plumbline policy check --set}.
     *
     * @throws IllegalArgumentException naming the set when the daemon config has none of that name
     */
    public PolicyResult checkSet(String name, byte[] plan, UnaryOperator<String> mask, Cancellation cancel) {
        PolicySetConfig set = config.set(name).orElseThrow(() -> new IllegalArgumentException("checking policy set "
                + name + ": the daemon config has no set of that name; it has "
                + config.sets().stream().map(PolicySetConfig::name).toList()));
        return evaluate(null, new PolicyTarget(set, null), plan, mask, cancel);
    }

    /** A server set, or the repository's own policies. */
    private record PolicyTarget(PolicySetConfig set, RepoPolicy repo) { }

    private PolicyResult evaluate(WorkspaceId id, PolicyTarget t, byte[] plan, UnaryOperator<String> mask,
            Cancellation cancel) {
        String name = t.set() != null ? t.set().name() : "repo:" + id.repo();
        Enforcement enforcement = t.set() != null ? t.set().enforcement()
                : config.mayEnforce(id.repo()) ? t.repo().requested() : Enforcement.ADVISORY;
        long started = System.nanoTime();
        Path dir = null;
        try {
            dir = privateDir();
            List<String> namespaces = t.set() != null ? t.set().namespaces() : t.repo().namespaces();
            PolicyFiles files = new PolicyFiles(name, enforcement, namespaces, write(id, t, dir));
            return new Evaluation(new Opa(opaBinary, dir), config.timeout(), readAsV0)
                    .evaluate(files, plan, mask, cancel);
        } catch (RuntimeException e) {
            // fail closed: a set whose files cannot be read is a set that did not pass
            return new PolicyResult(name, enforcement, PolicyResult.Outcome.ERRORED, List.of(),
                    mask.apply("preparing policy set " + name + (id == null ? "" : " for " + id) + ": "
                            + e.getMessage()),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            if (dir != null) {
                Dirs.deleteRecursively(dir);
            }
        }
    }

    /** The files OPA loads for the set: its policies (written into {@code dir} when they are not a directory). */
    private List<Path> write(WorkspaceId id, PolicyTarget t, Path dir) {
        List<Path> data = new ArrayList<>();
        if (t.repo() != null) {
            data.add(checkout(id.repo(), t.repo().dir(), dir));
            return data;
        }
        PolicySetConfig s = t.set();
        switch (s.source()) {
            case DIR -> data.add(s.dir());
            case BUILTIN -> data.add(Library.write(s.path(), dir));
            case GIT -> data.add(checkout(s.repo(), s.path(), dir));
            default -> throw new IllegalStateException("policy set " + s.name() + ": unknown source " + s.source());
        }
        if (s.paramsJson() != null) {
            Path params = dir.resolve("params.json");
            writePrivate(params, "{\"params\":" + s.paramsJson() + "}");
            data.add(params);
        }
        return data;
    }

    /** {@code path} of {@code repo} at its tracked branch's head, written under {@code dir}. */
    private Path checkout(String repo, String path, Path dir) {
        String head = catalog.current(repo).revision().commit();
        Path tree = dir.resolve("tree");
        catalog.mirror(repo).checkout(head, tree, List.of(path));
        Path policies = tree.resolve(path);
        if (!Files.isDirectory(policies)) {
            throw new RunnerException("reading " + path + " of repo " + repo + " at its tracked branch (commit "
                    + head.substring(0, Math.min(12, head.length())) + "): no such directory");
        }
        return policies;
    }

    private RepoPolicy repoPolicy(WorkspaceId id) {
        if (catalog == null) {
            return null;
        }
        RepoWorkspaces settings = catalog.current(id.repo()).settings();
        return settings == null ? null : settings.policy();
    }

    private Path privateDir() {
        if (opaBinary == null) {
            throw new RunnerException("no opa binary is configured");
        }
        Dirs.createPrivate(workRoot);
        return Dirs.createPrivate(workRoot.resolve(UUID.randomUUID().toString()));
    }

    private static void writePrivate(Path file, String text) {
        try {
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }
}

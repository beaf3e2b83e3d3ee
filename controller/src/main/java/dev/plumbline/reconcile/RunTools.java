package dev.plumbline.reconcile;

import dev.plumbline.aws.SecretResolver;
import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.runner.ChildEnvironment;
import dev.plumbline.runner.ProviderServers;
import dev.plumbline.runner.RunnerException;
import dev.plumbline.runner.Tofu;
import dev.plumbline.runner.ToolVersion;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.util.Dirs;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool a run uses and the environment it gets: the binary of the workspace's tool and its version, the child
 * environment with the run's variables (values of sensitive variables and secret references as secrets), AWS role
 * credentials renewed before each command, and shared provider processes for plans.
 */
final class RunTools {
    private static final Logger LOG = LoggerFactory.getLogger(RunTools.class);

    private final Toolchain toolchain;
    private final Path dataDir;
    private final Map<String, String> parentEnv;
    private final CloudAccess cloud;
    private final ProviderServers providers;
    private final Map<Path, String> toolVersions = new ConcurrentHashMap<>();

    RunTools(Toolchain toolchain, Path dataDir, Map<String, String> parentEnv, CloudAccess cloud,
            ProviderServers providers) {
        this.toolchain = toolchain;
        this.dataDir = dataDir;
        this.parentEnv = Map.copyOf(parentEnv);
        this.cloud = cloud;
        this.providers = providers;
    }

    Tofu tofu(WorkspaceSource source, RunDirectory dir, InitCache cache, StoredLog log) {
        ChildEnvironment env = ChildEnvironment.base(parentEnv, dir.home(), toolchain.cliConfigIfPresent());
        env.set("TF_DATA_DIR", cache.dataDir().toString());
        // A plain value of a variable the configuration declares sensitive is a secret like any other.
        SensitiveVariables sensitive = SensitiveVariables.of(source, dir.workDir());
        sensitive.notes().forEach(log::note);
        source.variables().forEach((k, v) -> {
            if (sensitive.plainSecrets().contains(k)) {
                env.secret("TF_VAR_" + k, v);
            } else {
                env.set("TF_VAR_" + k, v);
            }
        });
        sensitive.values().forEach(env::hide);
        boolean needsCloud = source.aws() != null || source.secretVariables().values().stream()
                .anyMatch(SecretResolver::isReference);
        if (needsCloud && cloud == null) {
            throw new RunnerException("workspace " + source.id() + " uses an AWS role or a secret from AWS, but the"
                    + " daemon config has no aws: section");
        }
        source.secretVariables().forEach((k, v) -> {
            if (!SecretResolver.isReference(v)) {
                env.secret("TF_VAR_" + k, v);
            }
        });
        if (cloud != null) {
            cloud.credentials(source, env);
            cloud.secretVariables(source, env);
        }
        return new Tofu(source.tool(), toolchain.binary(source.tool()), env);
    }

    void attachProviders(Tofu tofu, RunDirectory dir) {
        ProviderServers p = providers;
        String reattach = p == null ? null : p.reattachFor(dir.workDir());
        if (reattach != null) {
            tofu.environment().set("TF_REATTACH_PROVIDERS", reattach);
        }
    }

    /** Before each tool command: role credentials that are about to expire are replaced. */
    void refreshCredentials(WorkspaceSource source, Tofu tofu) {
        if (cloud != null && source.aws() != null) {
            cloud.credentials(source, tofu.environment());
        }
    }

    /** The version of the workspace's tool, asked once per binary; null when it cannot be run at all. */
    String toolVersion(WorkspaceSource source) {
        Path binary = toolchain.binary(source.tool());
        String known = toolVersions.get(binary);
        if (known != null) {
            return known;
        }
        Path home = dataDir.resolve("tmp");
        try {
            Dirs.createPrivate(home);
            Tofu probe = new Tofu(source.tool(), binary, ChildEnvironment.base(parentEnv, home, null));
            String v = ToolVersion.of(probe, home);
            toolVersions.put(binary, v);
            return v;
        } catch (RunnerException | UncheckedIOException e) {
            LOG.warn("asking {} for its version: {}", binary, e.getMessage());
            return null;
        }
    }

    /** A run whose tool could not even report its version fails with the reason, inside its recorded run. */
    static void requireVersion(String version, Tofu tofu) {
        if (version == null) {
            throw new RunnerException(tofu.tool().command() + " at " + tofu.binary() + " does not run; see plumbline doctor");
        }
    }
}

package dev.plumbline.cli;

import dev.plumbline.aws.AwsClients;
import dev.plumbline.aws.PlanArchive;
import dev.plumbline.config.DaemonConfig;
import dev.plumbline.config.StoreConfig;
import dev.plumbline.notify.Channels;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.notify.DriftState;
import dev.plumbline.notify.OutboxPolicy;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.CloudAccess;
import dev.plumbline.reconcile.OwnerHeartbeat;
import dev.plumbline.reconcile.PlanPolicies;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.RunOptions;
import dev.plumbline.reconcile.WorkspaceRunner;
import dev.plumbline.runner.ProviderServers;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.store.Database;
import dev.plumbline.util.Dirs;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The objects one command or the daemon works with, wired from the daemon config: the composition root. */
final class App implements AutoCloseable {
    final DaemonConfig config;
    final Database db;
    final Toolchain toolchain;
    final Catalog catalog;
    final Reconciler reconciler;
    final WorkspaceRunner runner;
    /** The code hosts of the repos with a vcs: entry; tokens and webhook secrets are read from env when used. */
    final CodeHosts hosts;
    /** Null when no notification channel is configured. */
    final DriftNotifier notifier;
    /** This process as the owner of the runs it starts; registered before its first run. */
    final OwnerHeartbeat owner;
    /** The environment secrets are read from when used (the events endpoint's). */
    final Map<String, String> env;
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The store, the repos' Git state and the runner are the reconciler's. */
    private App(DaemonConfig config, Toolchain toolchain, Reconciler reconciler, Map<String, String> env,
            DriftNotifier notifier, OwnerHeartbeat owner) {
        this.config = config;
        this.owner = owner;
        this.db = reconciler.db();
        this.toolchain = toolchain;
        this.catalog = reconciler.catalog();
        this.reconciler = reconciler;
        this.runner = reconciler.runner();
        this.hosts = CodeHosts.of(config.repos(), env);
        this.env = env;
        this.notifier = notifier;
    }

    static App open(Path configFile) {
        return open(configFile, System.getenv());
    }

    /** {@code env} stands in for the process environment: tokens, secrets and the toolchain are read from it. */
    static App open(Path configFile, Map<String, String> env) {
        DaemonConfig config = DaemonConfig.load(configFile);
        LogOutput.use(config.logFormat());
        Toolchain tools = Toolchain.locate(env)
                .withOverrides(config.tools().tofu(), config.tools().terraform(), config.tools().cliConfig());
        Path data = config.dataDir();
        Database db = openStore(config, env);
        try {
            Catalog catalog = new Catalog(config.repos(), data, env, db.validSettings());
            AwsClients aws = awsClients(config);
            List<AutoCloseable> resources = new ArrayList<>();
            if (aws != null) {
                resources.add(aws);
            }
            PlanArchive archive = null;
            if (aws != null && config.aws().archive() != null) {
                archive = new PlanArchive(aws.s3(), config.aws().archive());
            }
            ProviderServers providers = ProviderServers.forMirror(tools.providerMirror(), env);
            if (providers != null) {
                resources.add(providers);
            }
            DriftNotifier notifier = null;
            if (!config.notifications().channels().isEmpty()) {
                // a command delivers the events it decides, flushing them when it closes; a daemon, every event
                notifier = new DriftNotifier(new DriftState(db), Channels.build(config.notifications(), env,
                        aws == null ? null : aws.sns()), baseUrl(config, config.http().port()),
                        OutboxPolicy.of(config.notifications().maxAge()));
                resources.add(0, notifier::close);
            }
            OwnerHeartbeat owner = new OwnerHeartbeat(db);
            WorkspaceRunner runner = new WorkspaceRunner(db, tools, data, env,
                    new RunOptions(aws == null ? null : new CloudAccess(aws), archive, providers, notifier,
                            RunOptions.DEFAULT_LOCK_TIMEOUT, owner),
                    new PlanPolicies(config.policies(), catalog, tools.opa(), data.resolve("policies")));
            Reconciler reconciler = new Reconciler(db, catalog, runner).ignoringDrift(config.driftIgnore());
            App app = new App(config, tools, reconciler, env, notifier, owner);
            app.resources.addAll(resources);
            return app;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The store: the H2 file in data_dir, or the database of the config's store section. Its password is read
     * before anything is created, so a missing one leaves no trace. The plan key is in data_dir either way.
     */
    private static Database openStore(DaemonConfig config, Map<String, String> env) {
        StoreConfig store = config.store();
        String password = store == null ? null : store.password(env);
        Path data = Dirs.createPrivate(config.dataDir());
        if (store == null) {
            return Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
        }
        return Database.openUrl(store.url(), store.user(), password, store.poolSize(), data.resolve("plan.key"));
    }

    /** The daemon's own AWS access (its default credential chain), or null without an aws: section. */
    private static AwsClients awsClients(DaemonConfig config) {
        if (config.aws() == null) {
            return null;
        }
        return AwsClients.withDefaultCredentials(config.aws());
    }

    /**
     * Where Plumbline's pages are served, for links: notifications.base_url, else the HTTP server's address (https
     * when the daemon terminates TLS itself).
     */
    static String baseUrl(DaemonConfig config, int port) {
        return config.notifications().baseUrl() != null ? config.notifications().baseUrl()
                : config.http().scheme() + "://" + config.http().bind() + ":" + port;
    }

    /** Closes what runs used, marks this owner stopped, closes the store: call it once the runs ended. */
    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing is best effort; the store is closed last regardless
            }
        }
        catalog.close();
        owner.close();
        db.close();
    }
}

package dev.plumbline.cli;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.reconcile.Catalog;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.WorkspaceRunner;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.store.Database;
import java.nio.file.Path;
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
    final dev.plumbline.reconcile.CodeHosts hosts;
    private final java.util.List<AutoCloseable> resources = new java.util.ArrayList<>();

    private App(DaemonConfig config, Database db, Toolchain toolchain, Catalog catalog, Reconciler reconciler,
            WorkspaceRunner runner, dev.plumbline.reconcile.CodeHosts hosts) {
        this.config = config;
        this.db = db;
        this.toolchain = toolchain;
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.runner = runner;
        this.hosts = hosts;
    }

    static App open(Path configFile) {
        return open(configFile, System.getenv());
    }

    /** {@code env} stands in for the process environment: tokens, secrets and the toolchain are read from it. */
    static App open(Path configFile, Map<String, String> env) {
        DaemonConfig config = DaemonConfig.load(configFile);
        Toolchain tools = Toolchain.locate(env)
                .withOverrides(config.tools().tofu(), config.tools().terraform(), config.tools().cliConfig());
        Path data = config.dataDir();
        dev.plumbline.util.Dirs.createPrivate(data);
        Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
        try {
            Catalog catalog = new Catalog(config.repos(), data, env, db.validSettings());
            dev.plumbline.aws.AwsClients aws = awsClients(config);
            WorkspaceRunner runner = new WorkspaceRunner(db, tools, data, env,
                    aws == null ? null : new dev.plumbline.reconcile.CloudAccess(aws));
            if (aws != null && config.aws().archive() != null) {
                var a = config.aws().archive();
                runner.archive(new dev.plumbline.aws.PlanArchive(aws.s3(),
                        new dev.plumbline.aws.ArchiveSettings(a.bucket(), a.prefix(), a.sse(), a.kmsKeyId())));
            }
            Reconciler reconciler = new Reconciler(db, catalog, runner);
            App app = new App(config, db, tools, catalog, reconciler, runner,
                    dev.plumbline.reconcile.CodeHosts.of(config.repos(), env));
            if (!config.notifications().channels().isEmpty()) {
                var settings = notificationSettings(config);
                var notifier = new dev.plumbline.notify.DriftNotifier(new dev.plumbline.notify.DriftState(db),
                        dev.plumbline.notify.Channels.build(settings, env, aws == null ? null : aws.sns()),
                        settings.baseUrl());
                reconciler.notifier(notifier);
                app.resources.add(notifier::close);
            }
            if (aws != null) {
                app.resources.add(aws);
            }
            dev.plumbline.runner.ProviderServers providers =
                    dev.plumbline.runner.ProviderServers.forMirror(tools.providerMirror(), env);
            if (providers != null) {
                runner.providers(providers);
                app.resources.add(providers);
            }
            return app;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The daemon's own AWS access (its default credential chain), or null without an aws: section. */
    private static dev.plumbline.aws.AwsClients awsClients(DaemonConfig config) {
        if (config.aws() == null) {
            return null;
        }
        return dev.plumbline.aws.AwsClients.withDefaultCredentials(
                new dev.plumbline.aws.AwsDaemonSettings(config.aws().region(), config.aws().endpoint()));
    }

    /** Where Plumbline's pages are served, for links: notifications.base_url, else the HTTP server's address. */
    static String baseUrl(DaemonConfig config, int port) {
        return config.notifications().baseUrl() != null ? config.notifications().baseUrl()
                : "http://" + config.http().bind() + ":" + port;
    }

    private static dev.plumbline.notify.NotificationSettings notificationSettings(DaemonConfig config) {
        java.util.List<dev.plumbline.notify.ChannelSettings> channels = new java.util.ArrayList<>();
        for (dev.plumbline.config.ChannelConfig c : config.notifications().channels()) {
            if (c instanceof dev.plumbline.config.ChannelConfig.Sns sns) {
                channels.add(new dev.plumbline.notify.ChannelSettings.Sns(sns.topicArn()));
            } else if (c instanceof dev.plumbline.config.ChannelConfig.Webhook w) {
                channels.add(new dev.plumbline.notify.ChannelSettings.Webhook(w.url(), w.secretEnv()));
            } else if (c instanceof dev.plumbline.config.ChannelConfig.Slack sl) {
                channels.add(new dev.plumbline.notify.ChannelSettings.Slack(sl.urlEnv()));
            }
        }
        String base = baseUrl(config, config.http().port());
        return new dev.plumbline.notify.NotificationSettings(channels, base);
    }

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
        db.close();
    }
}

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

    private App(DaemonConfig config, Database db, Toolchain toolchain, Catalog catalog, Reconciler reconciler) {
        this.config = config;
        this.db = db;
        this.toolchain = toolchain;
        this.catalog = catalog;
        this.reconciler = reconciler;
    }

    static App open(Path configFile) {
        Map<String, String> env = System.getenv();
        DaemonConfig config = DaemonConfig.load(configFile);
        Toolchain tools = Toolchain.locate(env)
                .withOverrides(config.tools().tofu(), config.tools().terraform(), config.tools().cliConfig());
        Path data = config.dataDir();
        dev.plumbline.util.Dirs.createPrivate(data);
        Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
        try {
            Catalog catalog = new Catalog(config.repos(), data, env);
            WorkspaceRunner runner = new WorkspaceRunner(db, tools, data, env);
            return new App(config, db, tools, catalog, new Reconciler(db, catalog, runner));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public void close() {
        catalog.close();
        db.close();
    }
}

package dev.plumbline.cli;

import dev.plumbline.config.DaemonConfig;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Backends;
import java.util.List;
import java.util.Map;

/**
 * {@code doctor}'s check of a config whose store is a server, which several daemons may share: a workspace without
 * a backend keeps its state in one daemon's data_dir, and is right only as long as that daemon alone runs it.
 */
final class DoctorBackends {
    /** The most workspaces named in the check's line. */
    private static final int NAMED = 10;

    private DoctorBackends() {
    }

    static DoctorCommand.Check check(DaemonConfig config, Map<String, String> env) {
        Backends.Report report = Backends.scan(config.repos(), config.dataDir(), env);
        List<WorkspaceId> without = report.withoutBackend();
        if (!report.unread().isEmpty()) {
            return new DoctorCommand.Check("backends", false, false, "could not look for workspaces without a "
                    + "backend: " + String.join("; ", report.unread()), "check the repo's url and credentials");
        }
        if (without.isEmpty()) {
            return new DoctorCommand.Check("backends", true, false, "every workspace declares a backend: its state "
                    + "is where every daemon on the store finds it", null);
        }
        List<String> names = without.stream().limit(NAMED).map(WorkspaceId::toString).toList();
        String more = without.size() > NAMED ? " and " + (without.size() - NAMED) + " more" : "";
        return new DoctorCommand.Check("backends", false, false, String.join(", ", names) + more + " declare"
                + (without.size() == 1 ? "s" : "") + " no backend: the state is kept in this daemon's data_dir ("
                + config.dataDir().resolve("state") + "), which no other daemon on the store sees; correct only "
                + "while one daemon runs them", "declare a backend in each (tofu's pg backend on the store's "
                + "PostgreSQL server is the simple choice), or keep to one daemon");
    }
}

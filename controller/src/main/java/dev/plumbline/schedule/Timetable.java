package dev.plumbline.schedule;

import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.reconcile.Catalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules the daemon wants: a poll per repo at its interval, and a drift check per workspace whose settings
 * schedule one, from the settings in force (the last valid ones when the head's are not). A repo that cannot be
 * read, or a schedule Quartz would refuse, costs only itself.
 */
public final class Timetable {
    private static final Logger LOG = LoggerFactory.getLogger(Timetable.class);

    private final List<RepoConfig> repos;
    private final Duration defaultPoll;
    private final Catalog catalog;

    public Timetable(List<RepoConfig> repos, Duration defaultPoll, Catalog catalog) {
        this.repos = List.copyOf(repos);
        this.defaultPoll = defaultPoll;
        this.catalog = catalog;
    }

    public List<ScheduleSpec> specs() {
        List<ScheduleSpec> specs = new ArrayList<>();
        for (RepoConfig repo : repos) {
            Duration every = repo.pollInterval() != null ? repo.pollInterval() : defaultPoll;
            specs.add(ScheduleSpec.repoPoll(repo.name(), Cadence.every(every)));
            for (WorkspaceConfig w : scheduledWorkspaces(repo.name())) {
                try {
                    specs.add(ScheduleSpec.driftCheck(w.id(), Cadence.cron(w.drift().quartzCron())));
                } catch (RuntimeException e) {
                    LOG.error("scheduling the drift checks of {}: {}", w.id(), e.getMessage());
                }
            }
        }
        return specs;
    }

    private List<WorkspaceConfig> scheduledWorkspaces(String repo) {
        Catalog.RepoView view;
        try {
            view = catalog.current(repo);
        } catch (RuntimeException e) {
            LOG.error("reading repo {}: {}", repo, e.getMessage());
            return List.of();
        }
        if (view.settings() == null) {
            return List.of();
        }
        return view.settings().workspaces().stream().filter(w -> w.drift().scheduled()).toList();
    }
}

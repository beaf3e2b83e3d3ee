package dev.plumbline.reconcile;

import dev.plumbline.aws.PlanArchive;
import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.RunKind;
import dev.plumbline.store.Database;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What follows a finished run when the daemon config has an archive: its plan (still sealed) and log go to S3. */
final class RunArchiver implements AfterRun {
    private static final Logger LOG = LoggerFactory.getLogger(RunArchiver.class);

    private final Database db;
    private final PlanArchive archive;

    RunArchiver(Database db, PlanArchive archive) {
        this.db = db;
        this.archive = archive;
    }

    /** Archiving is a copy: a failure is logged and never fails the run, whose record is already stored. */
    @Override
    public void finished(RunKind kind, WorkspaceSource source, RunResult result) {
        long runId = result.runId();
        PlanArchive a = archive;
        try {
            db.plans().sealedPlanfile(runId).ifPresent(sealed -> {
                var plan = db.plans().find(runId).orElseThrow(() ->
                        new IllegalStateException("archiving run " + runId + ": its plan is not stored"));
                a.archivePlan(source.id(), runId, sealed, plan.maskedJson(), plan.renderedText());
            });
            a.archiveLog(source.id(), runId, db.logs().read(runId).stream()
                    .map(l -> l.stream().wire() + " " + l.text()).collect(Collectors.joining("\n")));
        } catch (RuntimeException e) {
            LOG.warn("run {}: archiving to S3 failed: {}", runId, e.getMessage());
        }
    }
}

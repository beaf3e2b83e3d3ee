package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A drift check fell due: hand it to the dispatcher, which queues it. The check itself runs elsewhere. */
final class DriftCheckJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(DriftCheckJob.class);

    private final Dispatcher dispatcher;
    private final LateFires lateFires;

    DriftCheckJob(Dispatcher dispatcher, LateFires lateFires) {
        this.dispatcher = dispatcher;
        this.lateFires = lateFires;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String key = context.getJobDetail().getKey().getName();
        boolean catchUp = lateFires.consume(context.getTrigger().getKey());
        try {
            WorkspaceId workspace = ScheduleSpec.workspaceOf(key);
            dispatcher.driftCheck(workspace, catchUp);
        } catch (RuntimeException e) { // the next fire tries again; Quartz has nothing better to do with it
            LOG.error("dispatching scheduled drift check {}: {}", key, e.toString(), e);
        }
    }
}

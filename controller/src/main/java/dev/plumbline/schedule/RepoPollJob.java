package dev.plumbline.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A repository is due to be polled: hand it to the dispatcher. The fetch itself runs elsewhere. */
final class RepoPollJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(RepoPollJob.class);

    private final Dispatcher dispatcher;

    RepoPollJob(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String key = context.getJobDetail().getKey().getName();
        try {
            dispatcher.poll(ScheduleSpec.repoOf(key));
        } catch (RuntimeException e) { // the next fire tries again
            LOG.error("dispatching scheduled poll {}: {}", key, e.toString(), e);
        }
    }
}

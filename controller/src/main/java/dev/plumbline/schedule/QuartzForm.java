package dev.plumbline.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/** A {@link ScheduleSpec} as Quartz stores it: one job and one trigger, both named by the spec's key. */
final class QuartzForm {
    static final String GROUP = "plumbline";

    private QuartzForm() {
    }

    static JobKey jobKey(String key) {
        return JobKey.jobKey(key, GROUP);
    }

    static JobDetail job(ScheduleSpec spec) {
        return JobBuilder.newJob(spec.jobClass())
                .withIdentity(jobKey(spec.key()))
                .usingJobData(new JobDataMap(spec.data()))
                .build();
    }

    /**
     * Missed fires collapse into one, fired as soon as the scheduler notices: a drift check that fell due while
     * the daemon was down runs once on start, not once per missed slot and not never.
     */
    static Trigger trigger(ScheduleSpec spec) {
        TriggerBuilder<Trigger> trigger = TriggerBuilder.newTrigger()
                .withIdentity(spec.key(), GROUP)
                .forJob(jobKey(spec.key()));
        if (spec.cadence() instanceof Cadence.Cron cron) {
            return trigger.withSchedule(cronSchedule(cron)).startNow().build();
        }
        Cadence.Every every = (Cadence.Every) spec.cadence();
        // The first fire is one interval away, like every later one: adding a schedule starts no run by itself.
        return trigger.withSchedule(intervalSchedule(every))
                .startAt(Date.from(Instant.now().plus(every.interval())))
                .build();
    }

    private static ScheduleBuilder<CronTrigger> cronSchedule(Cadence.Cron cron) {
        return CronScheduleBuilder.cronSchedule(cron.expression()).withMisfireHandlingInstructionFireAndProceed();
    }

    private static ScheduleBuilder<SimpleTrigger> intervalSchedule(Cadence.Every every) {
        return SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(every.interval().toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNowWithExistingCount();
    }

    /** The cadence a stored trigger was built from. */
    static Cadence cadence(Trigger trigger) {
        if (trigger instanceof CronTrigger cron) {
            return new Cadence.Cron(cron.getCronExpression());
        }
        if (trigger instanceof SimpleTrigger simple) {
            return new Cadence.Every(Duration.ofMillis(simple.getRepeatInterval()));
        }
        throw new IllegalStateException("reading schedule " + trigger.getKey().getName() + ": unexpected trigger type "
                + trigger.getClass().getName());
    }
}

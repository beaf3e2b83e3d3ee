package dev.plumbline.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.JobPersistenceException;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift checks and repository polls on a timetable. Quartz keeps the timetable in the store's own database
 * (tables {@code qrtz_*}, created by migration V2), so schedules and their last fire times survive restarts, and a
 * check that fell due while the daemon was down runs once when it comes back.
 *
 * <p>Every daemon on one store runs its scheduler in Quartz's clustered mode under the same name, each with an
 * instance id of its own: a fire is taken by one of them under a row lock of {@code qrtz_locks}, so each fire
 * happens once in the cluster, and the fires a daemon that died had taken are recovered by the others.
 *
 * <p>A fired schedule only tells the {@link Dispatcher}; runs are queued in the store and claimed by a
 * {@link ClaimLoop}.
 */
public final class Schedules implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

    /**
     * The instance id of a scheduler that is the only one on its store. A scheduler that starts with the id of one
     * that stopped takes over at once what that one had taken and not fired; under another id it would wait
     * until the cluster presumed the old one dead.
     */
    static final String SOLE_ID = "sole";
    /** Quartz names each fire {@code <instance id><counter>} in a 95-character column. */
    private static final int MAX_INSTANCE_ID = 80;

    private final Scheduler scheduler;

    private Schedules(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Starts the scheduler with the schedules stored from last time. {@code instanceName} identifies this
     * timetable in the database; a restart must use the same name to find its schedules again.
     */
    public static Schedules start(DataSource dataSource, Dispatcher dispatcher, String instanceName) {
        Schedules schedules = standby(dataSource, dispatcher, instanceName, SOLE_ID);
        schedules.startFiring();
        return schedules;
    }

    /**
     * Starts the scheduler after bringing the stored schedules in line with {@code wanted}, so a schedule that was
     * removed from the configuration while the daemon was down does not catch up once before it goes.
     */
    public static Schedules start(DataSource dataSource, Dispatcher dispatcher, String instanceName,
            List<ScheduleSpec> wanted) {
        return start(dataSource, dispatcher, instanceName, SOLE_ID, wanted);
    }

    /**
     * As {@link #start(DataSource, Dispatcher, String, List)}, as cluster member {@code instanceId} (at most 80
     * characters): unique among the daemons sharing the store, and the same when one of them restarts.
     */
    public static Schedules start(DataSource dataSource, Dispatcher dispatcher, String instanceName, String instanceId,
            List<ScheduleSpec> wanted) {
        Schedules schedules = standby(dataSource, dispatcher, instanceName, instanceId);
        try {
            schedules.sync(wanted);
        } catch (RuntimeException e) {
            schedules.shutdown();
            throw e;
        }
        schedules.startFiring();
        return schedules;
    }

    private static Schedules standby(DataSource dataSource, Dispatcher dispatcher, String instanceName,
            String instanceId) {
        if (instanceName == null || instanceName.isBlank()) {
            throw new IllegalArgumentException("starting the scheduler: the instance name must not be blank");
        }
        if (instanceId.isBlank() || instanceId.length() > MAX_INSTANCE_ID) {
            throw new IllegalArgumentException("starting the scheduler " + instanceName + ": the instance id must be"
                    + " 1 to " + MAX_INSTANCE_ID + " characters, got " + instanceId.length());
        }
        // Quartz would hand back the running scheduler of that name, with the other dispatcher behind it.
        if (SchedulerRepository.getInstance().lookup(instanceName) != null) {
            throw new IllegalStateException("starting the scheduler " + instanceName
                    + ": one by that name is already running in this process");
        }
        String connections = "plumbline-" + instanceName;
        DBConnectionManager.getInstance().addConnectionProvider(connections, new StoreConnections(dataSource));
        try {
            Scheduler scheduler = new StdSchedulerFactory(settings(instanceName, instanceId, connections))
                    .getScheduler();
            LateFires lateFires = new LateFires();
            scheduler.getListenerManager().addTriggerListener(lateFires);
            scheduler.setJobFactory(jobs(dispatcher, lateFires));
            return new Schedules(scheduler);
        } catch (SchedulerException e) {
            throw new ScheduleException("starting the scheduler " + instanceName + ": " + e.getMessage(), e);
        }
    }

    private void startFiring() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            shutdown();
            throw new ScheduleException("starting the scheduler: " + e.getMessage(), e);
        }
    }

    private static Properties settings(String instanceName, String instanceId, String connections) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", instanceName);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        // Jobs only hand work over, so two threads are plenty.
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // The tables are Quartz's PostgreSQL ones (BYTEA blobs) on both stores: a PostgreSQL server, or H2 in
        // PostgreSQL mode, which reads them the same way. So one delegate serves both.
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.dataSource", connections);
        // Job data as plain strings, not serialized Java objects.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        // A fire more than a second overdue is a misfire, handled by the trigger's collapse-into-one rule.
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        // One timetable for all daemons on the store: a trigger is acquired and fired under the row lock of
        // qrtz_locks (SELECT ... FOR UPDATE, on H2 as on PostgreSQL), so one daemon takes each fire. Acquiring
        // within the lock also on a single daemon keeps one behaviour for one daemon and for many.
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // A daemon that stops checking in for this long is presumed dead; the others recover its fires.
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "7500");
        return p;
    }

    private static JobFactory jobs(Dispatcher dispatcher, LateFires lateFires) {
        return (bundle, scheduler) -> {
            Class<?> type = bundle.getJobDetail().getJobClass();
            if (type == DriftCheckJob.class) {
                return new DriftCheckJob(dispatcher, lateFires);
            }
            if (type == RepoPollJob.class) {
                return new RepoPollJob(dispatcher);
            }
            throw new SchedulerException("creating job " + bundle.getJobDetail().getKey() + ": unknown job class "
                    + type.getName());
        };
    }

    /**
     * Makes the stored schedules exactly {@code wanted}: adds the new, replaces those whose cadence or data
     * changed, removes the rest. An unchanged schedule is left alone, keeping its fire times.
     */
    public synchronized void sync(List<ScheduleSpec> wanted) {
        Map<String, ScheduleSpec> byKey = new LinkedHashMap<>();
        for (ScheduleSpec spec : wanted) {
            if (byKey.put(spec.key(), spec) != null) {
                throw new IllegalArgumentException("syncing schedules: " + spec.key() + " is listed twice");
            }
        }
        try {
            for (JobKey stored : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(QuartzForm.GROUP))) {
                if (!byKey.containsKey(stored.getName())) {
                    scheduler.deleteJob(stored);
                    LOG.info("removed schedule {}", stored.getName());
                }
            }
            for (ScheduleSpec spec : byKey.values()) {
                // One schedule Quartz refuses must not cost the others theirs, nor stop the daemon.
                try {
                    schedule(spec);
                } catch (SchedulerException | RuntimeException e) {
                    LOG.error("scheduling {} ({}): {}", spec.key(), spec.cadence(), e.getMessage());
                }
            }
        } catch (SchedulerException e) {
            throw new ScheduleException("syncing schedules: " + e.getMessage(), e);
        }
    }

    /**
     * Adds a schedule that is not stored, and replaces one stored differently. Another daemon may be adding the
     * same schedule at the same moment: an add that finds it already there checks it again instead of replacing
     * it, since replacing a trigger another member has acquired would fire that slot twice.
     */
    private void schedule(ScheduleSpec spec) throws SchedulerException {
        if (isStored(spec)) {
            return;
        }
        JobKey key = QuartzForm.jobKey(spec.key());
        boolean exists;
        try {
            exists = scheduler.checkExists(key);
        } catch (JobPersistenceException e) { // e.g. its job class is gone: replace it
            exists = true;
        }
        if (!exists) {
            try {
                scheduler.scheduleJob(QuartzForm.job(spec), Set.of(QuartzForm.trigger(spec)), false);
                LOG.info("scheduled {} {}", spec.key(), spec.cadence());
                return;
            } catch (ObjectAlreadyExistsException raced) {
                if (isStored(spec)) {
                    return; // another daemon added the same schedule first
                }
            }
        }
        scheduler.scheduleJob(QuartzForm.job(spec), Set.of(QuartzForm.trigger(spec)), true);
        LOG.info("scheduled {} {}", spec.key(), spec.cadence());
    }

    private boolean isStored(ScheduleSpec spec) throws SchedulerException {
        JobKey key = QuartzForm.jobKey(spec.key());
        JobDetail job;
        try {
            job = scheduler.getJobDetail(key);
        } catch (JobPersistenceException e) { // e.g. its job class is gone: replace it
            return false;
        }
        if (job == null || job.getJobClass() != spec.jobClass()
                || !job.getJobDataMap().getWrappedMap().equals(spec.data())) {
            return false;
        }
        List<? extends Trigger> triggers = scheduler.getTriggersOfJob(key);
        return triggers.size() == 1 && QuartzForm.cadence(triggers.get(0)).equals(spec.cadence());
    }

    /** The stored schedules, by key. */
    public List<ScheduledInfo> list() {
        try {
            List<ScheduledInfo> infos = new ArrayList<>();
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(QuartzForm.GROUP))) {
                for (Trigger t : scheduler.getTriggersOfJob(key)) {
                    infos.add(new ScheduledInfo(key.getName(), QuartzForm.cadence(t), instant(t.getNextFireTime()),
                            instant(t.getPreviousFireTime())));
                }
            }
            infos.sort(Comparator.comparing(ScheduledInfo::key));
            return infos;
        } catch (SchedulerException e) {
            throw new ScheduleException("listing schedules: " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    /** Whether the scheduler is firing: started, not in standby, not shut down; a failure to tell is a no. */
    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Stops firing, waiting for jobs already handing work over. The schedules stay stored. */
    public void shutdown() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new ScheduleException("shutting down the scheduler: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}

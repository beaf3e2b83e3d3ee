package dev.plumbline.config;

/** When a workspace is checked for drift and what happens then. {@code quartzCron} null means no schedule. */
public record DriftPolicy(String quartzCron, OnDrift onDrift) {
    /** Hourly, on the hour, in standard cron syntax. */
    public static final String DEFAULT_SCHEDULE = "0 * * * *";
    public static final DriftPolicy DEFAULT = new DriftPolicy(Cron.toQuartz(DEFAULT_SCHEDULE), OnDrift.REPORT);

    public boolean scheduled() {
        return quartzCron != null;
    }
}

package dev.plumbline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * When a workspace is checked for drift and what happens then. {@code quartzCron} null means no schedule.
 * {@code ignore} are the workspace's ignore rules (the daemon's own apply to every workspace besides);
 * {@code confirmAfter} how many consecutive checks must see the same drift before it is alerted; {@code remediate}
 * the guards of {@code on_drift: remediate}.
 */
public record DriftPolicy(String quartzCron, OnDrift onDrift, List<IgnoreRule> ignore, int confirmAfter,
                          RemediationGuards remediate) {
    /** Hourly, on the hour, in standard cron syntax. */
    public static final String DEFAULT_SCHEDULE = "0 * * * *";
    public static final int MAX_CONFIRM_AFTER = 100;
    public static final DriftPolicy DEFAULT = new DriftPolicy(Cron.toQuartz(DEFAULT_SCHEDULE), OnDrift.REPORT);

    public DriftPolicy {
        ignore = List.copyOf(ignore);
        if (remediate == null) {
            remediate = RemediationGuards.NONE;
        }
    }

    public DriftPolicy(String quartzCron, OnDrift onDrift) {
        this(quartzCron, onDrift, List.of(), 1, RemediationGuards.NONE);
    }

    /** The same policy with {@code rules} (the daemon's) in force before its own ignore rules. */
    public DriftPolicy ignoringFirst(List<IgnoreRule> rules) {
        if (rules.isEmpty()) {
            return this;
        }
        List<IgnoreRule> all = new ArrayList<>(rules);
        all.addAll(ignore);
        return new DriftPolicy(quartzCron, onDrift, all, confirmAfter, remediate);
    }

    public boolean scheduled() {
        return quartzCron != null;
    }
}

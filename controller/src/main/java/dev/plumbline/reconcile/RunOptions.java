package dev.plumbline.reconcile;

import dev.plumbline.aws.PlanArchive;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.runner.ProviderServers;
import java.time.Duration;

/**
 * What a daemon config adds to every run: AWS access (role credentials, secret variables), an S3 archive of plans
 * and logs, long-running provider processes that plans attach to, the notifier finished drift checks report to
 * (each nullable), how long a run waits for a state lock another run holds before it fails and says who holds it,
 * and the process's owner registration, which each run is recorded with (null: runs are recorded without owner).
 */
public record RunOptions(CloudAccess cloud, PlanArchive archive, ProviderServers providers, DriftNotifier notifier,
                         Duration lockTimeout, OwnerHeartbeat owner) {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(5);
    public static final RunOptions NONE = new RunOptions(null, null, null, null, DEFAULT_LOCK_TIMEOUT);

    public RunOptions {
        if (lockTimeout == null || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("the state lock timeout must be zero or more, got " + lockTimeout);
        }
    }

    /** Runs recorded without an owner. */
    public RunOptions(CloudAccess cloud, PlanArchive archive, ProviderServers providers, DriftNotifier notifier,
                      Duration lockTimeout) {
        this(cloud, archive, providers, notifier, lockTimeout, null);
    }

    /** Only AWS access. */
    public static RunOptions cloud(CloudAccess cloud) {
        return new RunOptions(cloud, null, null, null, DEFAULT_LOCK_TIMEOUT);
    }

    public RunOptions withLockTimeout(Duration value) {
        return new RunOptions(cloud, archive, providers, notifier, value, owner);
    }

    public RunOptions withOwner(OwnerHeartbeat value) {
        return new RunOptions(cloud, archive, providers, notifier, lockTimeout, value);
    }
}

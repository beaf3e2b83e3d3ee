package dev.plumbline.aws;

import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.domain.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workspace's temporary credentials, kept while they last. Ask before every tofu command: a run that outlives
 * one set gets a fresh one, because credentials with fewer than {@code refreshMargin} left are replaced, so every
 * command starts with at least that much time. A workspace whose role settings changed gets new credentials too.
 */
public final class RoleCredentials {
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(10);

    private final AssumedRole role;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Map<WorkspaceId, Held> held = new ConcurrentHashMap<>();
    private final Map<WorkspaceId, Object> locks = new ConcurrentHashMap<>();

    private record Held(WorkspaceAwsConfig aws, TemporaryCredentials credentials) { }

    public RoleCredentials(AssumedRole role) {
        this(role, Clock.systemUTC(), DEFAULT_REFRESH_MARGIN);
    }

    public RoleCredentials(AssumedRole role, Clock clock, Duration refreshMargin) {
        if (refreshMargin == null || refreshMargin.isNegative()) {
            throw new IllegalArgumentException("invalid credentials refresh margin " + refreshMargin
                    + ": expected zero or more");
        }
        this.role = role;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
    }

    /** Credentials with at least the refresh margin left, assuming the role again when needed. */
    public TemporaryCredentials current(WorkspaceId workspace, WorkspaceAwsConfig aws) {
        if (aws.sessionDuration().compareTo(refreshMargin) <= 0) {
            // Otherwise every fresh set would already count as expiring and each call would go to STS.
            throw new AwsException("assuming role " + aws.roleArn() + " for workspace " + workspace
                    + ": the session duration " + aws.sessionDuration() + " must be longer than the refresh margin "
                    + refreshMargin);
        }
        Held h = held.get(workspace);
        if (usable(h, aws)) {
            return h.credentials();
        }
        // One STS call per workspace at a time; other workspaces are not held up by it.
        synchronized (locks.computeIfAbsent(workspace, w -> new Object())) {
            h = held.get(workspace);
            if (usable(h, aws)) {
                return h.credentials();
            }
            TemporaryCredentials fresh = role.assume(workspace, aws);
            held.put(workspace, new Held(aws, fresh));
            return fresh;
        }
    }

    /** Drops a workspace's credentials (its config was removed, or its role must be assumed again). */
    public void forget(WorkspaceId workspace) {
        held.remove(workspace);
    }

    private boolean usable(Held h, WorkspaceAwsConfig aws) {
        return h != null && h.aws().equals(aws) && !h.credentials().expiresWithin(refreshMargin, clock.instant());
    }
}

package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;
import java.util.Map;
import java.util.Objects;
import org.quartz.Job;

/**
 * One schedule the configuration asks for. The key names what fires: {@code drift:<repo>/<workspace>} or
 * {@code poll:<repo>}. {@code data} is kept with the schedule; a change to it, like a change of cadence, replaces
 * the stored schedule on {@link Schedules#sync}.
 */
public record ScheduleSpec(String key, Cadence cadence, Map<String, String> data) {
    private static final String DRIFT = "drift:";
    private static final String POLL = "poll:";

    public ScheduleSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cadence, "cadence");
        data = Map.copyOf(data);
        if (key.startsWith(DRIFT)) {
            workspaceOf(key);
        } else if (!key.startsWith(POLL) || key.length() == POLL.length()) {
            throw new IllegalArgumentException("invalid schedule key '" + key
                    + "': expected drift:<repo>/<workspace> or poll:<repo>");
        }
    }

    public static ScheduleSpec driftCheck(WorkspaceId workspace, Cadence cadence) {
        return new ScheduleSpec(DRIFT + workspace, cadence, Map.of());
    }

    public static ScheduleSpec repoPoll(String repo, Cadence cadence) {
        return new ScheduleSpec(POLL + repo, cadence, Map.of());
    }

    Class<? extends Job> jobClass() {
        return key.startsWith(DRIFT) ? DriftCheckJob.class : RepoPollJob.class;
    }

    static WorkspaceId workspaceOf(String key) {
        try {
            return WorkspaceId.parse(key.substring(DRIFT.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid schedule key '" + key + "': " + e.getMessage(), e);
        }
    }

    static String repoOf(String key) {
        return key.substring(POLL.length());
    }
}

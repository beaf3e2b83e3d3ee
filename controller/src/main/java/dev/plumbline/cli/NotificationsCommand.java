package dev.plumbline.cli;

import dev.plumbline.store.Notification;
import dev.plumbline.store.NotificationCounts;
import dev.plumbline.util.Echo;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline notifications}: the drift notifications of the outbox, newest first, one per event and channel:
 * pending (with its attempts and last error), delivered, or given up after the max age.
 */
@Command(name = "notifications", description = "List drift notifications, newest first: pending, delivered and "
        + "given up, with their channel, event id, attempts and last error.")
final class NotificationsCommand implements Callable<Integer> {
    /** Errors are kept to this length in the table; a terminal line shows them whole up to it. */
    private static final int MAX_ERROR = 500;

    @Spec CommandSpec spec;
    @Mixin Common common;
    @Option(names = "--state", paramLabel = "STATE", converter = Arguments.NotificationState.class,
            description = "Only these: pending, delivered or given-up.") Notification.State state;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", converter = Arguments.Limit.class,
            description = "At most this many, 1 to " + Arguments.MAX_LIMIT + " (default: 50).") int limit;

    @Override
    public Integer call() {
        try (App app = App.open(common.config)) {
            List<Notification> rows = app.db.notificationOutbox().list(Optional.ofNullable(state), limit);
            NotificationCounts counts = app.db.notificationOutbox().counts(Instant.EPOCH);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pending", counts.pending());
                m.put("given_up", counts.givenUp());
                m.put("notifications", rows.stream().map(NotificationsCommand::view).toList());
                out.println(Common.json(m));
            } else {
                print(out, rows, counts);
            }
            out.flush();
            return 0;
        }
    }

    private static void print(PrintWriter out, List<Notification> rows, NotificationCounts counts) {
        out.printf("%d pending, %d given up%n", counts.pending(), counts.givenUp());
        if (rows.isEmpty()) {
            return;
        }
        out.printf("%-6s %-10s %-10s %-28s %-6s %-8s %-27s %s%n", "ID", "STATE", "TRANSITION", "WORKSPACE", "RUN",
                "ATTEMPTS", "CREATED", "CHANNEL");
        for (Notification n : rows) {
            out.printf("%-6d %-10s %-10s %-28s %-6d %-8d %-27s %s%n", n.id(), n.state().wire(),
                    n.event().transition(), n.event().workspace(), n.event().runId(), n.delivery().attempts(),
                    n.event().createdAt(), Echo.text(n.channel(), MAX_ERROR));
            out.printf("       event %s, %s%n", n.event().eventId(), when(n));
            if (n.delivery().lastError() != null) {
                out.printf("       last error: %s%n", Echo.text(n.delivery().lastError(), MAX_ERROR));
            }
        }
    }

    private static String when(Notification n) {
        return switch (n.state()) {
            case DELIVERED -> "delivered at " + n.delivery().deliveredAt();
            case GIVEN_UP -> "given up at " + n.delivery().givenUpAt();
            case PENDING -> "next attempt at " + n.delivery().nextAttemptAt();
        };
    }

    static Map<String, Object> view(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("state", n.state().wire());
        m.put("channel", n.channel());
        m.put("event_id", n.event().eventId());
        m.put("workspace", n.event().workspace().toString());
        m.put("run_id", n.event().runId());
        m.put("transition", n.event().transition());
        m.put("attempts", n.delivery().attempts());
        m.put("created_at", n.event().createdAt());
        m.put("next_attempt_at", n.state() == Notification.State.PENDING ? n.delivery().nextAttemptAt() : null);
        m.put("last_error", n.delivery().lastError());
        m.put("delivered_at", n.delivery().deliveredAt());
        m.put("given_up_at", n.delivery().givenUpAt());
        return m;
    }
}

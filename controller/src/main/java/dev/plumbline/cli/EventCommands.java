package dev.plumbline.cli;

import dev.plumbline.store.EventState;
import dev.plumbline.store.ResourceOwner;
import dev.plumbline.store.StoredEvent;
import dev.plumbline.util.Echo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** owner and events: which workspace manages an identifier, and the change events heard. */
final class EventCommands {
    private EventCommands() { }

    @Command(name = "owner", description = {"Say which workspace and resource address manage an identifier (an id, "
            + "ARN, name or self link), as the last plan or apply of each workspace found its state.",
            "Exit code: 0 found, 1 no workspace manages it."})
    static final class Owner implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "IDENTIFIER", description = "The identifier, as the cloud names the resource.")
        String identifier;

        @Override
        public Integer call() {
            if (identifier.isBlank() || identifier.length() > 2000 || identifier.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("looking up the owner of an identifier: it must be 1 to 2000 "
                        + "characters on one line");
            }
            try (App app = App.open(common.config)) {
                List<ResourceOwner> owners = app.db.resourceIndex().owners(List.of(identifier));
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(Map.of("identifier", identifier, "owners", owners.stream().map(o ->
                            Map.of("workspace", o.workspace().toString(), "address", o.address(), "attribute",
                                    o.attribute())).toList())));
                    out.flush();
                    return owners.isEmpty() ? Main.ERROR : Main.OK;
                }
                if (owners.isEmpty()) {
                    throw new IllegalArgumentException("looking up the owner of " + Echo.quote(identifier)
                            + ": no workspace manages it (the index holds the state of each workspace's last "
                            + "successful plan or apply)");
                }
                owners.forEach(o -> out.printf("%s %s (%s)%n", o.workspace(), o.address(), o.attribute()));
                out.flush();
                return Main.OK;
            }
        }
    }

    @Command(name = "events", description = "List the change events heard, newest first, with what became of each:"
            + " matched (checks queued), unmatched, ignored or malformed, and the counts of each.")
    static final class Events implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Option(names = "--state", paramLabel = "STATE", converter = StateArg.class,
                description = "Only these: matched, unmatched, ignored or malformed.") EventState state;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", converter = Arguments.Limit.class,
                description = "At most this many, 1 to " + Arguments.MAX_LIMIT + " (default: 50).") int limit;
        @Option(names = "--timings", description = "Print the time to alert of each event's checks instead: when it "
                + "entered the queue, was received and matched, its check queued and started, the drift stored and "
                + "the notification delivered.") boolean timings;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                if (timings) {
                    spec.commandLine().getOut().println(Common.json(app.db.eventChecks().timings(limit)));
                    spec.commandLine().getOut().flush();
                    return Main.OK;
                }
                Map<EventState, Long> counts = app.db.events().counts();
                List<StoredEvent> events = app.db.events().recent(state, limit);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    Map<String, Long> byState = new LinkedHashMap<>();
                    counts.forEach((s, n) -> byState.put(s.wire(), n));
                    m.put("counts", byState);
                    m.put("events", events.stream().map(EventCommands::view).toList());
                    out.println(Common.json(m));
                } else {
                    StringBuilder line = new StringBuilder();
                    counts.forEach((s, n) -> line.append(line.length() == 0 ? "" : ", ").append(n).append(' ')
                            .append(s.wire()));
                    out.println(line);
                    for (StoredEvent e : events) {
                        out.printf("%d %s %s %s by %s%s%n", e.id(), e.receivedAt(), e.state().wire(),
                                Echo.text(e.event().action()), Echo.text(e.event().actor()),
                                e.reason() == null ? "" : ": " + Echo.text(e.reason()));
                    }
                }
                out.flush();
                return Main.OK;
            }
        }
    }

    static Map<String, Object> view(StoredEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("source", e.event().source());
        m.put("external_id", e.event().externalId());
        m.put("state", e.state().wire());
        m.put("reason", e.reason());
        m.put("actor", e.event().actor());
        m.put("action", e.event().action());
        m.put("source_ip", e.event().sourceIp());
        m.put("user_agent", e.event().userAgent());
        m.put("time", e.event().time());
        m.put("identifiers", e.event().identifiers());
        m.put("queued_at", e.event().queuedAt());
        m.put("received_at", e.receivedAt());
        m.put("matched_at", e.matchedAt());
        return m;
    }

    static final class StateArg implements ITypeConverter<EventState> {
        @Override
        public EventState convert(String value) {
            for (EventState s : EventState.values()) {
                if (s.wire().equals(value.strip())) {
                    return s;
                }
            }
            throw new TypeConversionException("must be matched, unmatched, ignored or malformed");
        }
    }
}

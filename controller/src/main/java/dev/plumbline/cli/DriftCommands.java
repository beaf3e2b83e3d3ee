package dev.plumbline.cli;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.DriftAcknowledgements;
import dev.plumbline.reconcile.DriftSpanView;
import dev.plumbline.reconcile.DriftStatus;
import dev.plumbline.store.DriftAck;
import dev.plumbline.store.DriftSpan;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code plumbline drift ack|status|history}, subcommands of {@code plumbline drift} (which checks workspaces now):
 * the drift the store holds, read without running a check.
 */
final class DriftCommands {
    static final Duration DEFAULT_ACK = DriftAcknowledgements.DEFAULT_SPAN;

    private DriftCommands() {
    }

    @Command(name = "ack", description = {"Acknowledge a workspace's open drift (of one resource with --address): it "
            + "is not alerted again until it changes or the acknowledgement expires.",
            "Who acknowledged and why is kept, and audited."})
    static final class Ack implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "REPO/WORKSPACE", converter = Arguments.Workspace.class) WorkspaceId workspace;
        @Option(names = "--address", paramLabel = "ADDRESS", converter = Arguments.Name.class,
                description = "Only this resource's drift.") String address;
        @Option(names = "--for", paramLabel = "SPAN", converter = Span.class,
                description = "How long, like 7d, 12h or 1d12h (default 7d, at most 365d).") Duration span;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", converter = Arguments.Comment.class,
                description = "Why the drift may stay.") String reason;
        @Option(names = "--by", paramLabel = "NAME", converter = Arguments.Name.class,
                description = "Who acknowledges (default: $USER).") String by;

        @Override
        public Integer call() {
            if (reason.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--reason: must say why the drift may stay");
            }
            try (App app = App.open(common.config)) {
                String who = by == null ? RunCommands.user() : by;
                Instant until = Instant.now().plus(span == null ? DEFAULT_ACK : span).truncatedTo(ChronoUnit.SECONDS);
                DriftAck ack = DriftAcknowledgements.acknowledge(app.db, workspace, Optional.ofNullable(address), who,
                        RunCommands.osUser(), reason, until);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(ack));
                } else {
                    out.printf("acknowledged %d drifted attribute(s) of %s%s until %s, by %s%n", ack.items(),
                            workspace, address == null ? "" : " at " + address, until, who);
                }
                return 0;
            }
        }
    }

    @Command(name = "status", description = "Every workspace's current drift, from the store (no check is run): "
            + "drifted since when, flapping or acknowledged, and the attributes drifted in several workspaces.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                Instant now = Instant.now();
                DriftStatus.Status status = DriftStatus.read(app.db, Optional.empty(), now);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(status));
                    return 0;
                }
                if (status.workspaces().isEmpty()) {
                    out.println("no drift recorded: every checked workspace was in sync at its last check");
                }
                for (DriftStatus.WorkspaceDrift w : status.workspaces()) {
                    out.printf("%s: drifted since %s (%s)%n", w.workspace(), w.driftedSince(),
                            lasted(Duration.between(w.driftedSince(), now)));
                    for (DriftStatus.Item i : w.items()) {
                        DriftSpan s = i.span();
                        out.printf("  %s %s since %s, seen by %d check(s)%s%s%n", s.address(),
                                s.attributePath().isEmpty() ? s.action().prose() : s.attributePath(),
                                s.firstSeenAt(), s.checks(), i.flapping() ? "; flapping, alerts held back" : "",
                                i.acknowledgedBy() == null ? "" : "; acknowledged by " + i.acknowledgedBy().by()
                                        + " until " + i.acknowledgedBy().expiresAt() + ": "
                                        + i.acknowledgedBy().reason());
                    }
                }
                for (DriftStatus.Cause c : status.causes()) {
                    out.printf("one cause? %s %s drifted in %d workspaces: %s%n", c.resourceType(), c.attributePath(),
                            c.workspaces().size(), c.workspaces());
                }
                return 0;
            }
        }
    }

    @Command(name = "history", description = "One workspace's drift per resource and attribute, newest first: first "
            + "and last seen, resolved when and how (remediated by a run, changed in Git by a commit, went back by "
            + "itself), how long it lasted.")
    static final class History implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "REPO/WORKSPACE", converter = Arguments.Workspace.class) WorkspaceId workspace;
        @Option(names = "--address", paramLabel = "ADDRESS", converter = Arguments.Name.class,
                description = "Only this resource.") String address;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", converter = Arguments.Limit.class,
                description = "At most this many, 1 to " + Arguments.MAX_LIMIT + " (default: 100).") int limit;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                if (app.db.workspaces().find(workspace).isEmpty()) {
                    throw new IllegalArgumentException("reading the drift history of " + workspace
                            + ": no such workspace in the store (it was never planned or checked)");
                }
                Instant now = Instant.now();
                List<DriftSpan> spans = app.db.driftHistory().of(workspace, Optional.ofNullable(address), limit);
                PrintWriter out = spec.commandLine().getOut();
                if (common.json) {
                    out.println(Common.json(spans.stream().map(s -> view(s, now)).toList()));
                    return 0;
                }
                if (spans.isEmpty()) {
                    out.printf("%s: no drift recorded%s%n", workspace, address == null ? "" : " for " + address);
                }
                for (DriftSpan s : spans) {
                    out.printf("%s %s: first seen %s (run %d), last seen %s (run %d); %s; lasted %s%n", s.address(),
                            s.attributePath().isEmpty() ? s.action().prose() : s.attributePath(), s.firstSeenAt(),
                            s.firstRunId(), s.lastSeenAt(), s.lastRunId(), how(s), lasted(s.lasted(now)));
                }
                return 0;
            }
        }
    }

    static Map<String, Object> view(DriftSpan s, Instant now) {
        return DriftSpanView.of(s, now);
    }

    static String how(DriftSpan s) {
        if (s.open()) {
            return "still drifted";
        }
        DriftSpan.Resolved r = s.resolved();
        return "resolved " + r.at() + " (run " + r.runId() + "), " + switch (r.how()) {
            case REMEDIATED -> "remediated by run " + r.byRunId();
            case CHANGED_IN_GIT -> "changed in Git by commit " + r.byCommit()
                    + (r.byRunId() == null ? "" : " (applied by run " + r.byRunId() + ")");
            case WENT_BACK -> "went back by itself";
        };
    }

    static String lasted(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        return s < 172_800 ? s / 3600 + "h" : s / 86_400 + "d";
    }

    /** A span of time: {@code 7d}, {@code 12h}, {@code 30m}, or several ({@code 1d12h}); at most 365 days. */
    static final class Span implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DriftAcknowledgements.span(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}

package dev.plumbline.reconcile;

import dev.plumbline.domain.Owner;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.store.Database;
import dev.plumbline.store.RunLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds owners that are gone and takes over what they left: their running runs become interrupted, the audit
 * log says so (an interrupted apply by name, with the plan it applied), and {@code onOwnerLost} is told, to
 * release and queue again what they held. An owner is gone when its process no longer runs on this host, or when
 * its heartbeat has been silent for longer than the timeout wherever it ran. A live owner's runs are never
 * touched, whoever started them.
 */
public final class LostOwners {
    private static final Logger LOG = LoggerFactory.getLogger(LostOwners.class);
    /** How long the store remembers an owner that stopped. */
    static final Duration REMEMBERED = Duration.ofDays(30);
    /** A no-op hook, for a process with nothing to queue again. */
    public static final Consumer<LostRuns> NOTHING_TO_REQUEUE = lost -> { };
    /** Process start times read twice may differ by a clock tick; a reused pid starts much later. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private final Database db;
    private final Owner self;
    private final Duration timeout;
    private final Consumer<LostRuns> onOwnerLost;
    private final Clock clock;

    public LostOwners(Database db, Owner self, Duration timeout, Consumer<LostRuns> onOwnerLost) {
        this(db, self, timeout, onOwnerLost, Clock.systemUTC());
    }

    LostOwners(Database db, Owner self, Duration timeout, Consumer<LostRuns> onOwnerLost, Clock clock) {
        this.db = db;
        this.self = self;
        this.timeout = timeout;
        this.onOwnerLost = onOwnerLost;
        this.clock = clock;
    }

    /**
     * On a daemon's start: the owners of this host whose process is gone (this daemon's earlier self among them)
     * are lost. Returns what they left running.
     */
    public List<LostRuns> recoverThisHost() {
        List<LostRuns> found = new ArrayList<>();
        for (Owner o : db.owners().aliveOn(self.host())) {
            if (!o.id().equals(self.id()) && !running(o)) {
                take(o, "its process (" + describe(o) + ") is no longer running").ifPresent(found::add);
            }
        }
        return found;
    }

    /** Any daemon, every few seconds: the owners silent for longer than the timeout are lost. */
    public List<LostRuns> reapSilent() {
        Instant now = clock.instant();
        List<LostRuns> found = new ArrayList<>();
        for (Owner o : db.owners().stale(timeout, now)) {
            if (o.id().equals(self.id())) {
                continue; // our own beat was late (a stalled store): we are alive, whatever the row says
            }
            Duration silent = db.owners().lastHeartbeat(o.id()).map(at -> Duration.between(at, now)).orElse(timeout);
            take(o, "its process (" + describe(o) + ") sent no heartbeat for " + silent.toSeconds() + " s (the timeout"
                    + " is " + timeout.toSeconds() + " s)").ifPresent(found::add);
        }
        return found;
    }

    /**
     * Both of the above, and forgetting owners stopped long ago, logging instead of throwing: one failing pass must
     * not stop the next.
     */
    public List<LostRuns> reapQuietly(boolean thisHostToo) {
        List<LostRuns> found = new ArrayList<>();
        try {
            if (thisHostToo) {
                found.addAll(recoverThisHost());
            }
            found.addAll(reapSilent());
            db.owners().forgetStopped(clock.instant().minus(REMEMBERED));
        } catch (RuntimeException e) {
            LOG.warn("looking for owners that are gone: {}", e.getMessage());
        }
        return found;
    }

    /** Marks the owner lost and its runs interrupted in one transaction; empty when another process got there first. */
    private Optional<LostRuns> take(Owner lost, String why) {
        String reason = "presumed lost: " + why;
        Optional<LostRuns> taken = db.inTransaction(tx -> {
            if (!tx.owners().markLost(lost.id())) {
                return Optional.<LostRuns>empty();
            }
            List<Run> interrupted = tx.runs().markInterrupted(lost.id(), reason);
            tx.audit().record("plumbline", "owner.lost", Optional.empty(), Optional.empty(),
                    "owner " + lost.id() + " " + why + "; " + interrupted.size() + " run(s) marked interrupted"
                    + (interrupted.isEmpty() ? "" : ": " + ids(interrupted)) + "; found by " + self.id());
            for (Run r : interrupted) {
                if (r.kind() == RunKind.APPLY) {
                    Long plan = tx.runs().links(r.id()).map(RunLinks::planRunId).orElse(null);
                    tx.audit().record("plumbline", "apply.interrupted", Optional.of(r.workspace()), Optional.of(r.id()),
                            "apply run " + r.id() + (plan == null ? "" : " of the plan of run " + plan)
                            + " was interrupted (" + reason + "); " + r.workspace()
                            + " gets a fresh plan, the apply is not run again");
                }
            }
            return Optional.of(new LostRuns(lost, interrupted));
        });
        taken.ifPresent(t -> {
            LOG.warn("owner {} {}: {} run(s) marked interrupted", lost.id(), why, t.interrupted().size());
            try {
                onOwnerLost.accept(t);
            } catch (RuntimeException e) {
                LOG.error("taking over what owner {} left: {}", lost.id(), e.getMessage(), e);
            }
        });
        return taken;
    }

    private static String ids(List<Run> runs) {
        return String.join(", ", runs.stream().map(r -> "run " + r.id()).toList());
    }

    private static String describe(Owner o) {
        return "owner " + o.id() + ", a " + o.kind().wire() + " on " + o.host() + " with pid " + o.pid();
    }

    /** Whether the owner's process still runs here: its pid is alive and started when the owner did. */
    static boolean running(Owner o) {
        Optional<ProcessHandle> process = ProcessHandle.of(o.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isEmpty()
                || Duration.between(started.get(), o.startedAt()).abs().compareTo(START_TOLERANCE) <= 0;
    }
}

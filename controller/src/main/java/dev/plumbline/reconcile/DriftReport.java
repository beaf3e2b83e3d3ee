package dev.plumbline.reconcile;

import dev.plumbline.config.DriftPolicy;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.notify.Queued;
import dev.plumbline.store.DriftAcks;
import dev.plumbline.store.DriftHistory;
import dev.plumbline.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished drift check records beyond its findings: the drift history of each resource and attribute
 * ({@link DriftHistory}), and what the notifier hears. Both are written in the transaction that finishes the run,
 * so the run's result, its history and its notification are stored together or not at all; once that commits, the
 * notifier sends it.
 *
 * <p>Only drift that is news is told: drift seen by fewer consecutive checks than {@code confirm_after}, drift of an
 * attribute that is flapping (resolved {@link #FLAP_RESOLUTIONS} times within {@link #FLAP_WINDOW}), and drift an
 * acknowledgement covers are held back. When everything drifted is held back, the notifier is not asked at all, so
 * the state it last notified stays as it was: held-back drift neither announces nor resolves anything.
 */
final class DriftReport {
    private static final Logger LOG = LoggerFactory.getLogger(DriftReport.class);
    /** An attribute whose drift was resolved this many times within the window is flapping. */
    static final int FLAP_RESOLUTIONS = 3;
    static final Duration FLAP_WINDOW = Duration.ofHours(24);

    /** Null when no channel is configured: the history is still kept. */
    private final DriftNotifier notifier;
    private final Clock clock;

    DriftReport(DriftNotifier notifier, Clock clock) {
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Inside the finishing transaction of a successful plan run: only a drift check is recorded. {@code drift} holds
     * the findings that are drift, without noise or ignored ones.
     */
    Queued record(Tx tx, RunKind kind, WorkspaceId workspace, DriftPolicy policy, long runId,
                  Classification classification, List<DriftFinding> drift) {
        if (kind != RunKind.DRIFT_CHECK) {
            return Queued.NONE;
        }
        List<DriftHistory.Seen> open = history(tx, workspace, runId, drift);
        if (notifier == null) {
            return Queued.NONE;
        }
        if (drift.isEmpty() || open == null) {
            return notifier.record(tx, workspace, runId, classification, drift);
        }
        Set<String> told = newsworthy(tx, workspace, policy, open);
        List<DriftFinding> news = drift.stream()
                .filter(f -> told.contains(DriftAcks.key(f.address(), f.attributePath(), f.action().wire())))
                .toList();
        if (news.isEmpty()) {
            return Queued.NONE;
        }
        return notifier.record(tx, workspace, runId, classification, news);
    }

    /** The open spans after this check; null when they could not be recorded (undone, logged: the run goes on). */
    private static List<DriftHistory.Seen> history(Tx tx, WorkspaceId workspace, long runId, List<DriftFinding> drift) {
        String doing = "recording the drift history of " + workspace + " from run " + runId;
        try {
            return tx.undoneOnFailure(doing, t -> t.driftHistory().observe(workspace, runId, drift, FLAP_WINDOW));
        } catch (RuntimeException e) {
            LOG.warn("{}: {}; every drift it found is told", doing, e.toString(), e);
            return null;
        }
    }

    /** The open drift worth telling: confirmed, not flapping, not acknowledged. */
    private Set<String> newsworthy(Tx tx, WorkspaceId workspace, DriftPolicy policy, List<DriftHistory.Seen> open) {
        Set<String> acknowledged = tx.driftAcks().covered(workspace, clock.instant());
        return open.stream()
                .filter(s -> s.span().checks() >= policy.confirmAfter())
                .filter(s -> s.recentResolutions() < FLAP_RESOLUTIONS)
                .map(s -> DriftAcks.key(s.span().address(), s.span().attributePath(), s.span().action().wire()))
                .filter(k -> !acknowledged.contains(k))
                .collect(Collectors.toSet());
    }

    /** After that transaction committed. */
    void committed(Queued rows) {
        if (notifier != null) {
            notifier.queued(rows);
        }
    }
}

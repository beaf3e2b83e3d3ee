package dev.plumbline.reconcile;

import dev.plumbline.domain.ResourceIdentifier;
import dev.plumbline.domain.RunKind;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.StateIdentifiers;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.runner.Redactor;
import dev.plumbline.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's resource index ({@code store/ResourceIndex}) and the events' attribution in step with the
 * runs: a plan's prior state (the state as the plan refreshed it) and an applied state are indexed in the
 * transaction that stores the run (a plan keeps the entries of resources its refreshed state lacks: deleted by
 * hand, they are still managed); a drift check first takes on the events that asked for it and attributes its
 * findings, against the index as it was before. The index is a help, never a reason for a run to fail: a state
 * that cannot be read is logged and the previous index kept.
 */
final class StateIndex {
    private static final Logger LOG = LoggerFactory.getLogger(StateIndex.class);

    private StateIndex() {
    }

    /** The identifiers of the prior state of a plan's {@code show -json}; empty when it cannot be read. */
    static Optional<List<ResourceIdentifier>> ofPlan(String showJson, long runId, Redactor redactor) {
        try {
            return Optional.of(withoutSecrets(StateIdentifiers.ofPlan(showJson), redactor));
        } catch (PlanFormatException e) {
            LOG.warn("run {}: indexing the resources of its plan: {}; the index keeps the previous state", runId,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** The identifiers of a state's {@code show -json}, when that command succeeded. */
    static Optional<List<ResourceIdentifier>> ofState(CommandResult show, long runId, Redactor redactor) {
        if (!show.succeeded()) {
            LOG.warn("run {}: indexing the resources of the applied state: show -json exited {}; the index keeps"
                    + " the previous state", runId, show.exitCode());
            return Optional.empty();
        }
        try {
            return Optional.of(withoutSecrets(StateIdentifiers.ofState(show.stdout()), redactor));
        } catch (PlanFormatException e) {
            LOG.warn("run {}: indexing the resources of the applied state: {}", runId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Inside the transaction storing run {@code runId} of {@code run}'s workspace: a drift check's events and
     * attribution first, then the new index, if there is one.
     */
    static void record(Tx tx, RunKind kind, RunContext run, Optional<List<ResourceIdentifier>> identifiers) {
        if (kind == RunKind.DRIFT_CHECK || kind == RunKind.REFRESH_ONLY) {
            int explained = tx.eventChecks().explain(run.runId(), run.source().id());
            if (explained > 0) {
                LOG.info("run {}: {} finding(s) of {} explained by change events", run.runId(), explained,
                        run.source().id());
            }
        }
        identifiers.ifPresent(ids -> tx.resourceIndex().replace(run.source().id(), run.runId(),
                kind == RunKind.APPLY ? ids : withMissing(tx, run, ids)));
    }

    /**
     * A plan's refreshed state lacks the resources deleted (or, for some providers, changed) outside Git; the
     * configuration still manages them, so their entries are kept until an apply indexes the state it leaves.
     */
    private static List<ResourceIdentifier> withMissing(Tx tx, RunContext run, List<ResourceIdentifier> ids) {
        Set<String> seen = ids.stream().map(ResourceIdentifier::address).collect(Collectors.toSet());
        List<ResourceIdentifier> all = new ArrayList<>(ids);
        tx.resourceIndex().of(run.source().id()).stream().filter(i -> !seen.contains(i.address())).forEach(all::add);
        return all;
    }

    /** An identifier that holds a secret of the run's is not kept: the index is readable by every CLI user. */
    private static List<ResourceIdentifier> withoutSecrets(List<ResourceIdentifier> ids, Redactor redactor) {
        return ids.stream().filter(i -> redactor.redact(i.identifier()).equals(i.identifier())).toList();
    }
}

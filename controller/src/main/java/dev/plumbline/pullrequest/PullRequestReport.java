package dev.plumbline.pullrequest;

import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.Redactor;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.store.WorkspaceLock;
import dev.plumbline.vcs.CommitState;
import dev.plumbline.vcs.PlanReport;
import dev.plumbline.vcs.ReportInput;
import dev.plumbline.vcs.VcsException;
import dev.plumbline.vcs.VcsHost;
import dev.plumbline.vcs.WorkspaceReport;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report comment of a pull request and its commit statuses, always rendered from the store: the reviews at the
 * head commit it reports on, their stored (masked) plans, the locks. Everything sent passes the redactor of the
 * daemon's own secrets last, and the report's own scrubber before that, so no secret reaches a host.
 */
final class PullRequestReport {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestReport.class);
    /** Room kept for the notes below the rendered report. */
    private static final int NOTES_ROOM = 4_000;

    private final Database db;
    private final CodeHosts hosts;
    private final Supplier<URI> baseUrl;
    private final Map<String, Object> perPullRequest = new ConcurrentHashMap<>();

    PullRequestReport(Database db, CodeHosts hosts, Supplier<URI> baseUrl) {
        this.db = db;
        this.hosts = hosts;
        this.baseUrl = baseUrl;
    }

    /**
     * Renders the report and creates or edits the one comment; {@code extra} (nullable) is said once, below it.
     * Reports of one pull request are sent one at a time, so the last one sent shows the last state.
     */
    void update(CodeHosts.Repo repo, int number, String extra) {
        synchronized (perPullRequest.computeIfAbsent(repo.repo() + "#" + number, k -> new Object())) {
            try {
                post(repo, number, body(repo, number, extra));
            } catch (VcsException | IllegalArgumentException e) {
                LOG.error("reporting on {} #{}: {}", repo.repo(), number, e.getMessage());
            }
        }
    }

    /** Sets the commit status of one workspace's plan, linking to its run; a host's refusal is logged, not thrown. */
    void status(CodeHosts.Repo repo, String sha, WorkspaceId ws, CommitState state, String description, Long runId) {
        String link = runId == null ? null : runUrl(runId);
        try {
            repo.host().setStatus(repo.config().project(), sha, VcsHost.planContext(ws.toString()), state,
                    redactor().redact(description), link);
        } catch (VcsException | IllegalArgumentException e) {
            LOG.error("setting the status of {} on {}: {}", ws, sha, e.getMessage());
        }
    }

    /** Sets the policy status of one workspace's plan, when any set checked it; a refusal is logged. */
    void policyStatus(CodeHosts.Repo repo, String sha, WorkspaceId ws, long runId) {
        List<PolicyResult> results = db.policyResults().forRun(runId);
        if (results.isEmpty()) {
            return;
        }
        try {
            repo.host().setStatus(repo.config().project(), sha, VcsHost.policyContext(ws.toString()),
                    PolicyReport.state(results), redactor().redact(PolicyReport.description(results)), runUrl(runId));
        } catch (VcsException | IllegalArgumentException e) {
            LOG.error("setting the policy status of {} on {}: {}", ws, sha, e.getMessage());
        }
    }

    String runUrl(long runId) {
        String b = baseUrl.get().toString();
        return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/runs/" + runId;
    }

    private void post(CodeHosts.Repo repo, int number, String body) {
        String project = repo.config().project();
        Optional<Long> known = db.pullRequestComments().commentId(repo.repo(), number);
        if (known.isPresent()) {
            try {
                repo.host().updateComment(project, number, known.get(), body);
                return;
            } catch (VcsException e) {
                if (e.status() != 404) {
                    throw e;
                }
                LOG.info("the report comment {} on {} #{} is gone; posting a new one", known.get(), project, number);
            }
        }
        long id = repo.host().upsertComment(project, number, PlanReport.MARKER, body);
        db.pullRequestComments().recordComment(repo.repo(), number, id);
    }

    private String body(CodeHosts.Repo repo, int number, String extra) {
        String head = db.pullRequestComments().headSha(repo.repo(), number).orElse("");
        List<PullRequestPlan> rows = head.isEmpty() ? List.of()
                : db.pullRequestPlans().atHead(repo.repo(), number, head);
        List<WorkspaceReport> workspaces = rows.stream().map(this::workspace).toList();
        ReportInput.ApplyBy applyBy = repo.config().applyOnComment() ? ReportInput.ApplyBy.COMMENT
                : ReportInput.ApplyBy.MERGE;
        int limit = repo.kind().commentLimit() - NOTES_ROOM;
        String report = new PlanReport(baseUrl.get(), limit)
                .render(new ReportInput(repo.config().project(), number, head, applyBy, workspaces));
        String state = db.pullRequestComments().state(repo.repo(), number);
        if (!state.equals("open")) {
            // what to type next no longer applies to a pull request that is merged or closed
            int steps = report.indexOf("\n#### Next steps\n");
            report = (steps < 0 ? report : report.substring(0, steps + 1)) + "_This pull request is " + state
                    + "._\n";
        }
        Map<String, List<PolicyResult>> policies = new LinkedHashMap<>();
        rows.stream().filter(r -> r.runId() != null)
                .forEach(r -> policies.put(r.workspace(), db.policyResults().forRun(r.runId())));
        String section = PolicyReport.section(policies);
        if (!section.isEmpty()) {
            int steps = report.indexOf("\n#### Next steps\n");
            report = steps < 0 ? report + "\n" + section : report.substring(0, steps + 1) + section
                    + report.substring(steps + 1);
        }
        String notes = notes(repo, number, rows, extra);
        if (notes.length() > NOTES_ROOM - 100) {
            notes = notes.substring(0, NOTES_ROOM - 100) + "\n_(more notes in Plumbline's log)_\n";
        }
        return redactor().redact(notes.isEmpty() ? report : report + "\n#### Notes\n\n" + notes);
    }

    private WorkspaceReport workspace(PullRequestPlan row) {
        Optional<Run> run = row.runId() == null ? Optional.empty() : db.runs().find(row.runId());
        WorkspaceReport.Status status = switch (row.status()) {
            case PLANNING -> WorkspaceReport.Status.PLANNING;
            case PLANNED, DIVERGED, CLOSED -> WorkspaceReport.Status.PLANNED;
            case FAILED -> WorkspaceReport.Status.FAILED;
            case INVALID -> WorkspaceReport.Status.VALIDATION_FAILED;
            case MERGED, LANDED -> WorkspaceReport.Status.APPLYING;
            case APPLIED -> WorkspaceReport.Status.APPLIED;
            case APPLY_FAILED -> WorkspaceReport.Status.APPLY_FAILED;
        };
        String text = "";
        if (status == WorkspaceReport.Status.FAILED) {
            text = run.map(Run::errorMessage).orElse("");
        } else if (status == WorkspaceReport.Status.APPLY_FAILED && row.applyRunId() != null) {
            text = db.runs().find(row.applyRunId()).map(Run::errorMessage).orElse("");
        } else if (row.runId() != null && status != WorkspaceReport.Status.VALIDATION_FAILED) {
            text = db.plans().find(row.runId()).map(p -> p.renderedText()).orElse("");
        }
        List<String> drift = row.runId() == null ? List.of() : db.drift().forRun(row.runId()).stream()
                .filter(DriftFinding::isDrift).map(DriftFinding::address).distinct().toList();
        return new WorkspaceReport(row.workspace(), status, run.map(Run::classification).orElse(null),
                run.map(Run::counts).orElse(ResourceCounts.NONE), drift, row.fmtProblems(),
                row.validationMessage(), text == null ? "" : text, row.runId() == null ? 0 : row.runId(), List.of());
    }

    private String notes(CodeHosts.Repo repo, int number, List<PullRequestPlan> rows, String extra) {
        List<String> notes = new ArrayList<>();
        for (PullRequestPlan row : rows) {
            Optional<WorkspaceLock> lock = db.workspaceLocks().find(repo.repo(), row.workspace());
            if (lock.isPresent() && lock.get().number() != number) {
                notes.add("`" + row.workspace() + "` is locked by #" + lock.get().number() + ": this pull request "
                        + "can plan it, but its apply waits until #" + lock.get().number() + " is merged or closed.");
            }
            if (row.applyRequestedBy() != null) {
                notes.add("`" + row.workspace() + "`: the apply @" + row.applyRequestedBy() + " asked for waits for "
                        + "the lock.");
            }
            if (row.note() != null && !row.note().isBlank()) {
                notes.add("`" + row.workspace() + "`: " + row.note());
            }
        }
        if (extra != null && !extra.isBlank()) {
            notes.add(extra);
        }
        StringBuilder out = new StringBuilder();
        notes.forEach(n -> out.append("- ").append(n).append('\n'));
        return out.toString();
    }

    private Redactor redactor() {
        return Redactor.of(hosts.secretValues());
    }
}

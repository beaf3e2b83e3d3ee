package dev.plumbline.vcs;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The one comment Plumbline keeps on a pull request: a hidden marker (so the comment is found and edited again,
 * see {@link VcsHost#upsertComment}), a table of every workspace, each workspace's checks and plan folded away, and
 * the commands to type next.
 *
 * <p>The comment must fit the host's size limit. Plans are the bulk of it, so when it is too long the plans are left
 * out one by one, largest first, each replaced by a link to the full plan in Plumbline. If it still does not fit,
 * only the table and the next steps are kept.
 *
 * <p>It renders only what it is given: no time, no host name, nothing from the environment, so the same input
 * always gives the same comment and an update that changes nothing changes no text.
 */
public final class PlanReport {
    public static final String MARKER = "<!-- plumbline:report -->";

    private final String baseUrl;
    private final int limit;

    /**
     * @param baseUrl where Plumbline's pages are served; runs are linked as {@code <baseUrl>/runs/<id>}
     * @param limit   the longest comment the host accepts ({@link HostKind#commentLimit()})
     */
    public PlanReport(URI baseUrl, int limit) {
        String b = baseUrl.toString();
        this.baseUrl = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        if (limit < 2_000) {
            throw new IllegalArgumentException("a comment limit of " + limit + " characters is too small to report in");
        }
        this.limit = limit;
    }

    public static PlanReport forHost(URI baseUrl, HostKind host) {
        return new PlanReport(baseUrl, host.commentLimit());
    }

    public String render(ReportInput input) {
        List<WorkspaceReport> ws = input.workspaces().stream().map(SensitiveText::scrub).toList();
        Set<Integer> omitted = new HashSet<>();
        String text = compose(input, ws, omitted, false);
        List<Integer> largestFirst = IntStream.range(0, ws.size()).boxed()
                .filter(i -> !ws.get(i).planText().isEmpty())
                .sorted(Comparator.comparingInt((Integer i) -> ws.get(i).planText().length()).reversed())
                .toList();
        for (int i : largestFirst) {
            if (text.length() <= limit) {
                return text;
            }
            omitted.add(i);
            text = compose(input, ws, omitted, false);
        }
        if (text.length() <= limit) {
            return text;
        }
        return cut(compose(input, ws, omitted, true));
    }

    private String compose(ReportInput input, List<WorkspaceReport> ws, Set<Integer> omitted, boolean tableOnly) {
        StringBuilder out = new StringBuilder();
        out.append(MARKER).append('\n');
        String sha = input.headSha().length() > 8 ? input.headSha().substring(0, 8) : input.headSha();
        out.append("### Plumbline plan for ").append(Markdown.code(sha)).append("\n\n");
        if (ws.isEmpty()) {
            return out.append("No workspace is affected by this pull request.\n").toString();
        }
        table(out, ws);
        if (tableOnly) {
            out.append("_The details of each workspace are left out to keep this comment within the host's ")
                    .append(thousands(limit)).append("-character limit: follow the status links to read them in "
                            + "Plumbline._\n\n");
        } else {
            for (int i = 0; i < ws.size(); i++) {
                details(out, ws.get(i), omitted.contains(i));
            }
        }
        nextSteps(out, input.applyBy(), ws);
        return out.toString();
    }

    private void table(StringBuilder out, List<WorkspaceReport> ws) {
        out.append("| Workspace | Add | Change | Destroy | Drift seen during refresh | Status |\n");
        out.append("| --- | ---: | ---: | ---: | --- | --- |\n");
        for (WorkspaceReport r : ws) {
            boolean planned = r.planned();
            // a pipe ends a table cell even inside code; GitHub and GitLab accept it escaped there
            out.append("| ").append(Markdown.code(r.workspace()).replace("|", "\\|"))
                    .append(" | ").append(planned ? String.valueOf(r.counts().add()) : "-")
                    .append(" | ").append(planned ? String.valueOf(r.counts().change()) : "-")
                    .append(" | ").append(planned ? String.valueOf(r.counts().destroy()) : "-")
                    .append(" | ").append(planned ? drift(r.driftAddresses().size()) : "-")
                    .append(" | [").append(statusText(r)).append("](").append(runUrl(r)).append(") |\n");
        }
        out.append('\n');
    }

    private void details(StringBuilder out, WorkspaceReport r, boolean planOmitted) {
        out.append("<details><summary><b>").append(Markdown.html(r.workspace())).append("</b>: ")
                .append(Markdown.html(statusText(r)));
        if (r.planned()) {
            ResourceCounts c = r.counts();
            out.append(" (").append(c.add()).append(" to add, ").append(c.change()).append(" to change, ")
                    .append(c.destroy()).append(" to destroy)");
        }
        out.append("</summary>\n\n");
        if (r.status() == WorkspaceReport.Status.PLANNING) {
            out.append("Planning has not finished yet.\n\n");
        } else {
            checks(out, r);
        }
        if (!r.driftAddresses().isEmpty()) {
            out.append("Changed outside Git, seen during refresh:\n\n")
                    .append(Markdown.fenced(String.join("\n", r.driftAddresses()))).append('\n');
        }
        if (planOmitted) {
            out.append("_The plan output (").append(thousands(r.planText().length()))
                    .append(" characters) is left out to keep this comment within the host's ")
                    .append(thousands(limit)).append("-character limit: [read the full plan in Plumbline](")
                    .append(runUrl(r)).append(")._\n\n");
        } else if (!r.planText().isEmpty()) {
            out.append(Markdown.fenced(r.planText())).append('\n');
        }
        out.append("[Run ").append(r.runId()).append(" in Plumbline](").append(runUrl(r)).append(")\n\n");
        out.append("</details>\n\n");
    }

    private static void checks(StringBuilder out, WorkspaceReport r) {
        out.append("- Format check (`fmt -check`): ");
        if (r.fmtProblems().isEmpty()) {
            out.append("passed\n");
        } else {
            out.append("failed, not formatted: ").append(Markdown.names(r.fmtProblems())).append('\n');
        }
        boolean invalid = r.status() == WorkspaceReport.Status.VALIDATION_FAILED;
        boolean said = !r.validationMessage().isBlank();
        out.append("- Validation: ").append(invalid ? "failed" : said ? "passed, with warnings" : "passed")
                .append("\n\n");
        if (said) {
            out.append(Markdown.fenced(r.validationMessage())).append('\n');
        }
    }

    private static void nextSteps(StringBuilder out, ReportInput.ApplyBy applyBy, List<WorkspaceReport> ws) {
        List<String> appliable = names(ws, WorkspaceReport::appliable);
        List<String> failed = names(ws, WorkspaceReport::failed);
        List<String> planning = names(ws, r -> r.status() == WorkspaceReport.Status.PLANNING);
        List<String> steps = new ArrayList<>();
        if (!planning.isEmpty()) {
            steps.add("Wait for " + Markdown.names(planning) + " to finish planning: this comment will be updated.");
        }
        if (!appliable.isEmpty() && applyBy == ReportInput.ApplyBy.MERGE) {
            steps.add("Merge this pull request to apply " + Markdown.names(appliable) + ".");
        } else if (!appliable.isEmpty()) {
            steps.add("Comment " + Markdown.code("plumbline apply") + " to apply " + Markdown.names(appliable) + ".");
            if (appliable.size() > 1) {
                steps.add("Or apply one workspace at a time: " + String.join(", ", appliable.stream()
                        .map(name -> Markdown.code("plumbline apply " + name)).toList()) + ".");
            }
        }
        for (String name : failed) {
            steps.add("Fix " + Markdown.code(name) + " and push, or comment "
                    + Markdown.code("plumbline plan " + name) + " to plan it again.");
        }
        if (appliable.isEmpty() && failed.isEmpty() && planning.isEmpty()) {
            boolean applied = ws.stream().anyMatch(r -> r.status() == WorkspaceReport.Status.APPLIED);
            steps.add(applied && applyBy == ReportInput.ApplyBy.COMMENT
                    ? "The changes are applied: merge this pull request."
                    : "Nothing to apply: the workspaces match this pull request.");
        }
        steps.add("Comment " + Markdown.code("plumbline plan") + " to plan every workspace again, or "
                + Markdown.code("plumbline plan <workspace>") + " to plan one.");
        out.append("#### Next steps\n\n");
        steps.forEach(s -> out.append("- ").append(s).append('\n'));
    }

    static String statusText(WorkspaceReport r) {
        String text = switch (r.status()) {
            case PLANNING -> "planning";
            case PLANNED -> r.classification() == null ? "planned" : classified(r.classification());
            case FAILED -> "plan failed";
            case VALIDATION_FAILED -> "validation failed";
            case APPLYING -> "applying";
            case APPLIED -> "applied";
            case APPLY_FAILED -> "apply failed";
        };
        return r.fmtProblems().isEmpty() ? text : text + ", format check failed";
    }

    private static String classified(Classification c) {
        return switch (c) {
            case IN_SYNC -> "no changes";
            case OUTPUT_ONLY -> "output changes only";
            case CHANGES_PENDING -> "changes pending";
            case DRIFTED -> "drifted";
            case ERRORED -> "plan failed";
        };
    }

    /** The last resort, for reports of thousands of workspaces: whole lines kept while they fit, then a note. */
    private String cut(String text) {
        String note = "\n_This report is cut here to stay within the host's " + thousands(limit)
                + "-character limit; every workspace's plan is in Plumbline._\n";
        int end = text.lastIndexOf('\n', limit - note.length());
        return text.substring(0, Math.max(end, 0)) + note;
    }

    private static List<String> names(List<WorkspaceReport> ws, Predicate<WorkspaceReport> which) {
        return ws.stream().filter(which).map(WorkspaceReport::workspace).toList();
    }

    private static String drift(int count) {
        return count == 0 ? "none" : count == 1 ? "1 resource" : count + " resources";
    }

    private String runUrl(WorkspaceReport r) {
        return baseUrl + "/runs/" + r.runId();
    }

    private static String thousands(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

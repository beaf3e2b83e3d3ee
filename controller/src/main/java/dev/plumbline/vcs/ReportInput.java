package dev.plumbline.vcs;

import java.util.List;
import java.util.Objects;

/**
 * Everything the plan report of one pull request shows, at one head commit.
 *
 * @param applyBy how this repository's plans get applied, which decides the next steps the report spells out
 */
public record ReportInput(String repo, int number, String headSha, ApplyBy applyBy,
                          List<WorkspaceReport> workspaces) {

    public enum ApplyBy {
        /** someone comments {@code plumbline apply}. */
        COMMENT,
        /** merging the pull request applies. */
        MERGE
    }

    public ReportInput {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(applyBy, "applyBy");
        workspaces = List.copyOf(workspaces);
    }

    public ReportInput(String repo, int number, String headSha, List<WorkspaceReport> workspaces) {
        this(repo, number, headSha, ApplyBy.COMMENT, workspaces);
    }
}

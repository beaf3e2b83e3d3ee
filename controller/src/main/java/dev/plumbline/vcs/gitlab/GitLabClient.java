package dev.plumbline.vcs.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.domain.Backoff;
import dev.plumbline.vcs.CommitState;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.Json;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.RestApi;
import dev.plumbline.vcs.VcsException;
import dev.plumbline.vcs.VcsHost;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitLab's REST API (gitlab.com or self-managed) for {@link VcsHost}: a pull request is a merge request, numbered
 * by its IID, and {@code repo} is the project path, sent URL-encoded ({@code group%2Fproject}). See {@link VcsHost}
 * for why this is written on {@code java.net.http} rather than a client library.
 */
public final class GitLabClient implements VcsHost {
    public static final URI PUBLIC_API = URI.create("https://gitlab.com/api/v4");

    private static final Logger LOG = LoggerFactory.getLogger(GitLabClient.class);
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final int DEVELOPER = 30;
    private static final int DESCRIPTION_MAX = 255;
    /** Merge statuses that mean GitLab has not finished working out whether the merge request can merge. */
    private static final Set<String> STILL_CHECKING = Set.of("unchecked", "checking", "preparing",
            "approvals_syncing", "cannot_be_merged_recheck");

    private final RestApi api;

    /** @param apiBase {@link #PUBLIC_API}, or {@code https://<host>/api/v4} for a self-managed instance */
    public GitLabClient(URI apiBase, Supplier<String> token) {
        this(apiBase, token, Backoff.DEFAULT);
    }

    public GitLabClient(URI apiBase, Supplier<String> token, Backoff backoff) {
        this.api = new RestApi(apiBase, token, Map.of("Accept", "application/json"), backoff);
    }

    @Override
    public HostKind kind() {
        return HostKind.GITLAB;
    }

    @Override
    public PullRequest pullRequest(String repo, int number) {
        String doing = "reading merge request " + repo + "!" + number;
        PullRequest read = toPullRequest(doing, repo, api.get(doing, mr(repo, number)).body());
        String doingApprovals = "reading approvals of merge request " + repo + "!" + number;
        JsonNode approvals = api.get(doingApprovals, mr(repo, number) + "/approvals").body();
        // "approved" alone is true when no approval is required at all; someone must actually have approved
        boolean approved = Json.bool(approvals, "/approved").orElse(false)
                && approvals.path("approved_by").size() > 0;
        return new PullRequest(read.repo(), read.number(), read.state(), read.headSha(), read.headRef(),
                read.baseBranch(), read.author(), read.mergeable(), Optional.of(approved));
    }

    @Override
    public List<String> changedFiles(String repo, int number) {
        String doing = "listing files of merge request " + repo + "!" + number;
        // 30 per page: older GitLab releases answer 500 when this endpoint is asked for more
        String first = mr(repo, number) + "/diffs?per_page=30";
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode d : api.getAll(doing, first, r -> nextPage(first, r))) {
            Json.text(d, "/old_path").ifPresent(paths::add);
            Json.text(d, "/new_path").ifPresent(paths::add);
        }
        return List.copyOf(paths);
    }

    @Override
    public long createComment(String repo, int number, String body) {
        String doing = "commenting on merge request " + repo + "!" + number;
        JsonNode created = api.send(doing, "POST", mr(repo, number) + "/notes", Json.object().put("body", body),
                false).body();
        return Json.number(created, "/id")
                .orElseThrow(() -> new VcsException(doing + ": the answer has no note id", 0));
    }

    @Override
    public void updateComment(String repo, int number, long commentId, String body) {
        String doing = "updating note " + commentId + " on merge request " + repo + "!" + number;
        api.send(doing, "PUT", mr(repo, number) + "/notes/" + commentId, Json.object().put("body", body), true);
    }

    @Override
    public Optional<Long> findComment(String repo, int number, String marker) {
        String doing = "looking for the report note on merge request " + repo + "!" + number;
        String first = mr(repo, number) + "/notes?sort=asc&order_by=created_at&per_page=100";
        for (JsonNode note : api.getAll(doing, first, r -> nextPage(first, r))) {
            if (!Json.bool(note, "/system").orElse(false) && Json.text(note, "/body").orElse("").startsWith(marker)) {
                return Optional.of(Json.number(note, "/id")
                        .orElseThrow(() -> new VcsException(doing + ": a note has no id", 0)));
            }
        }
        return Optional.empty();
    }

    @Override
    public void setStatus(String repo, String sha, String context, CommitState state, String description,
                          String targetUrl) {
        if (!SHA.matcher(sha).matches()) {
            throw new IllegalArgumentException("invalid commit sha '" + sha + "'");
        }
        String doing = "setting status '" + context + "' on " + repo + "@" + sha;
        String text = description == null ? "" : description;
        ObjectNode body = Json.object()
                .put("state", gitlabState(state))
                .put("name", context)
                .put("description", text.length() <= DESCRIPTION_MAX ? text
                        : text.substring(0, DESCRIPTION_MAX - 1) + "\u2026");
        if (targetUrl != null) {
            body.put("target_url", targetUrl);
        }
        try {
            api.send(doing, "POST", project(repo) + "/statuses/" + sha, body, true);
        } catch (VcsException e) {
            // GitLab refuses to set a status to the state it already has ("Cannot transition status via :enqueue
            // from :pending"): the commit already shows what we wanted
            if (e.status() == 400 && e.getMessage().contains("Cannot transition status")) {
                LOG.debug("{}: already in state {}", doing, state);
                return;
            }
            throw e;
        }
    }

    @Override
    public boolean canWrite(String repo, String user) {
        String doing = "checking the access level of " + user + " on " + repo;
        JsonNode users = api.get(doing, "/users?username=" + encode(user)).body();
        OptionalLong id = users.isArray() && users.size() > 0 ? Json.number(users.get(0), "/id") : OptionalLong.empty();
        if (id.isEmpty()) {
            return false;
        }
        // members/all counts membership inherited from parent groups, as GitLab itself does for permissions
        Optional<RestApi.Response> member = api.find(doing, project(repo) + "/members/all/" + id.getAsLong());
        return member.isPresent() && Json.number(member.get().body(), "/access_level").orElse(0) >= DEVELOPER;
    }

    @Override
    public List<PullRequest> openPullRequests(String repo) {
        String doing = "listing open merge requests of " + repo;
        String first = project(repo) + "/merge_requests?state=opened&per_page=100";
        List<PullRequest> open = new ArrayList<>();
        for (JsonNode mr : api.getAll(doing, first, r -> nextPage(first, r))) {
            open.add(toPullRequest(doing, repo, mr));
        }
        return open;
    }

    private static PullRequest toPullRequest(String doing, String repo, JsonNode mr) {
        int iid = (int) Json.number(mr, "/iid").orElseThrow(() -> missing(doing, "iid"));
        PullRequest.State state = switch (Json.text(mr, "/state").orElse("")) {
            case "merged" -> PullRequest.State.MERGED;
            case "closed" -> PullRequest.State.CLOSED;
            default -> PullRequest.State.OPEN; // opened, or locked for the moment of merging
        };
        return new PullRequest(repo, iid, state,
                Json.text(mr, "/sha").orElseThrow(() -> missing(doing, "sha")),
                Json.text(mr, "/source_branch").orElseThrow(() -> missing(doing, "source_branch")),
                Json.text(mr, "/target_branch").orElseThrow(() -> missing(doing, "target_branch")),
                Json.text(mr, "/author/username").orElse(""),
                mergeable(mr), Optional.empty());
    }

    /** Like GitHub's "mergeable": whether it merges without conflicts, empty while GitLab is still checking. */
    private static Optional<Boolean> mergeable(JsonNode mr) {
        String status = Json.text(mr, "/detailed_merge_status").or(() -> Json.text(mr, "/merge_status")).orElse("");
        if (STILL_CHECKING.contains(status)) {
            return Optional.empty();
        }
        Optional<Boolean> conflicts = Json.bool(mr, "/has_conflicts");
        if (conflicts.isPresent()) {
            return Optional.of(!conflicts.get());
        }
        return switch (status) {
            case "can_be_merged", "mergeable" -> Optional.of(true);
            case "cannot_be_merged", "conflict" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static String gitlabState(CommitState state) {
        return switch (state) {
            case PENDING -> "pending";
            case SUCCESS -> "success";
            case FAILURE, ERROR -> "failed"; // GitLab has no separate state for a check that could not run
        };
    }

    /** The next page from GitLab's X-Next-Page header (empty on the last page). */
    private static Optional<String> nextPage(String firstPath, RestApi.Response r) {
        return r.header("x-next-page").map(String::strip).filter(p -> p.matches("\\d{1,6}"))
                .map(p -> firstPath + "&page=" + p);
    }

    private static String mr(String repo, int number) {
        return project(repo) + "/merge_requests/" + number;
    }

    private static String project(String repo) {
        if (repo == null || repo.isBlank() || repo.startsWith("/") || repo.endsWith("/") || repo.contains("//")) {
            throw new IllegalArgumentException("invalid GitLab project '" + repo + "': expected group/project");
        }
        return "/projects/" + encode(repo);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static VcsException missing(String doing, String field) {
        return new VcsException(doing + ": the answer has no " + field, 0);
    }
}

package dev.plumbline.vcs.github;

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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API (github.com or GitHub Enterprise Server) for {@link VcsHost}. See {@link VcsHost} for why this
 * is written on {@code java.net.http} rather than a client library.
 */
public final class GitHubClient implements VcsHost {
    public static final URI PUBLIC_API = URI.create("https://api.github.com");

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    /** GitHub lists at most this many files of a pull request and silently drops the rest. */
    private static final int FILE_LIST_CAP = 3000;
    private static final int DESCRIPTION_MAX = 140;
    private static final Set<String> WRITE_ROLES = Set.of("admin", "maintain", "write");

    private final RestApi api;

    /** @param apiBase {@link #PUBLIC_API}, or {@code https://<host>/api/v3} for GitHub Enterprise Server */
    public GitHubClient(URI apiBase, Supplier<String> token) {
        this(apiBase, token, Backoff.DEFAULT);
    }

    public GitHubClient(URI apiBase, Supplier<String> token, Backoff backoff) {
        this.api = new RestApi(apiBase, token,
                Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"), backoff);
    }

    @Override
    public HostKind kind() {
        return HostKind.GITHUB;
    }

    @Override
    public PullRequest pullRequest(String repo, int number) {
        String doing = "reading pull request " + repo + "#" + number;
        JsonNode pr = api.get(doing, repoPath(repo) + "/pulls/" + number).body();
        PullRequest read = toPullRequest(doing, repo, pr);
        boolean approved = approved(repo, number);
        return new PullRequest(read.repo(), read.number(), read.state(), read.headSha(), read.headRef(),
                read.baseBranch(), read.author(), read.mergeable(), Optional.of(approved));
    }

    /**
     * Approved when some reviewer's latest verdict is an approval and nobody's is a change request; comments do
     * not change a verdict, a dismissal withdraws it.
     */
    private boolean approved(String repo, int number) {
        String doing = "reading reviews of pull request " + repo + "#" + number;
        Map<String, String> verdicts = new HashMap<>();
        for (JsonNode review : api.getAll(doing, repoPath(repo) + "/pulls/" + number + "/reviews?per_page=100",
                r -> next(doing, r))) {
            String user = Json.text(review, "/user/login").orElse("");
            String state = Json.text(review, "/state").orElse("");
            switch (state) {
                case "APPROVED", "CHANGES_REQUESTED" -> verdicts.put(user, state);
                case "DISMISSED" -> verdicts.remove(user);
                default -> { }
            }
        }
        return verdicts.containsValue("APPROVED") && !verdicts.containsValue("CHANGES_REQUESTED");
    }

    @Override
    public List<String> changedFiles(String repo, int number) {
        String doing = "listing files of pull request " + repo + "#" + number;
        List<JsonNode> files = api.getAll(doing, repoPath(repo) + "/pulls/" + number + "/files?per_page=100",
                r -> next(doing, r));
        if (files.size() >= FILE_LIST_CAP) {
            // a partial list would leave affected workspaces unplanned without anyone noticing
            throw new VcsException(doing + ": GitHub lists only the first " + FILE_LIST_CAP
                    + " files of a pull request, so which workspaces it affects cannot be told", 0);
        }
        Set<String> paths = new LinkedHashSet<>();
        for (JsonNode f : files) {
            Json.text(f, "/previous_filename").ifPresent(paths::add);
            paths.add(Json.text(f, "/filename")
                    .orElseThrow(() -> new VcsException(doing + ": a file entry has no filename", 0)));
        }
        return List.copyOf(paths);
    }

    @Override
    public long createComment(String repo, int number, String body) {
        String doing = "commenting on pull request " + repo + "#" + number;
        JsonNode created = api.send(doing, "POST", repoPath(repo) + "/issues/" + number + "/comments",
                Json.object().put("body", body), false).body();
        return Json.number(created, "/id")
                .orElseThrow(() -> new VcsException(doing + ": the answer has no comment id", 0));
    }

    @Override
    public void updateComment(String repo, int number, long commentId, String body) {
        String doing = "updating comment " + commentId + " on pull request " + repo + "#" + number;
        api.send(doing, "PATCH", repoPath(repo) + "/issues/comments/" + commentId, Json.object().put("body", body),
                true);
    }

    @Override
    public Optional<Long> findComment(String repo, int number, String marker) {
        String doing = "looking for the report comment on pull request " + repo + "#" + number;
        for (JsonNode c : api.getAll(doing, repoPath(repo) + "/issues/" + number + "/comments?per_page=100",
                r -> next(doing, r))) {
            if (Json.text(c, "/body").orElse("").startsWith(marker)) {
                return Optional.of(Json.number(c, "/id")
                        .orElseThrow(() -> new VcsException(doing + ": a comment has no id", 0)));
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
        ObjectNode body = Json.object()
                .put("state", state.name().toLowerCase(Locale.ROOT))
                .put("context", context)
                .put("description", shorten(description == null ? "" : description, DESCRIPTION_MAX));
        if (targetUrl != null) {
            body.put("target_url", targetUrl);
        }
        // posting the same status twice leaves one status, so a retry is harmless
        api.send(doing, "POST", repoPath(repo) + "/statuses/" + sha, body, true);
    }

    @Override
    public boolean canWrite(String repo, String user) {
        String doing = "checking the permission of " + user + " on " + repo;
        Optional<RestApi.Response> found = api.find(doing,
                repoPath(repo) + "/collaborators/" + encode(user) + "/permission");
        if (found.isEmpty()) {
            return false;
        }
        JsonNode p = found.get().body();
        // "permission" folds maintain into write; "role_name" keeps it (and names custom roles)
        return WRITE_ROLES.contains(Json.text(p, "/permission").orElse(""))
                || WRITE_ROLES.contains(Json.text(p, "/role_name").orElse(""));
    }

    @Override
    public List<PullRequest> openPullRequests(String repo) {
        String doing = "listing open pull requests of " + repo;
        List<PullRequest> open = new ArrayList<>();
        for (JsonNode pr : api.getAll(doing, repoPath(repo) + "/pulls?state=open&per_page=100",
                r -> next(doing, r))) {
            open.add(toPullRequest(doing, repo, pr));
        }
        return open;
    }

    private static PullRequest toPullRequest(String doing, String repo, JsonNode pr) {
        int number = (int) Json.number(pr, "/number").orElseThrow(() -> missing(doing, "number"));
        PullRequest.State state;
        if ("open".equals(Json.text(pr, "/state").orElse(""))) {
            state = PullRequest.State.OPEN;
        } else {
            state = Json.text(pr, "/merged_at").isPresent() ? PullRequest.State.MERGED : PullRequest.State.CLOSED;
        }
        return new PullRequest(repo, number, state,
                Json.text(pr, "/head/sha").orElseThrow(() -> missing(doing, "head.sha")),
                Json.text(pr, "/head/ref").orElseThrow(() -> missing(doing, "head.ref")),
                Json.text(pr, "/base/ref").orElseThrow(() -> missing(doing, "base.ref")),
                Json.text(pr, "/user/login").orElse(""),
                Json.bool(pr, "/mergeable"), Optional.empty());
    }

    /** The next page from GitHub's Link header. */
    private Optional<String> next(String doing, RestApi.Response r) {
        return r.header("link").map(NEXT::matcher).filter(Matcher::find).map(m -> api.pathOf(doing, m.group(1)));
    }

    private static String repoPath(String repo) {
        if (repo == null || !REPO.matcher(repo).matches()) {
            throw new IllegalArgumentException("invalid GitHub repository '" + repo + "': expected owner/name");
        }
        return "/repos/" + repo;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    private static VcsException missing(String doing, String field) {
        return new VcsException(doing + ": the answer has no " + field, 0);
    }
}

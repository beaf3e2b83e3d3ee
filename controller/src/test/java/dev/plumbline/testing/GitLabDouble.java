package dev.plumbline.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.vcs.PullRequest;
import java.util.List;
import java.util.Map;

/** GitLab's REST API and webhooks, for the project {@code acme/platform/infra}. */
public final class GitLabDouble extends HostDouble {
    private static final String PROJECT = "/api/v4/projects/acme%2Fplatform%2Finfra";

    public GitLabDouble() {
        api.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).willReturn(okJson("[]")));
        api.stubFor(post(urlPathMatching(PROJECT + "/statuses/[0-9a-f]+"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        api.stubFor(put(urlPathMatching(PROJECT + "/merge_requests/[0-9]+/notes/[0-9]+")).willReturn(okJson("{}")));
        api.stubFor(get(urlPathMatching(PROJECT + "/merge_requests/[0-9]+/notes")).willReturn(okJson("[]")));
        api.stubFor(get(urlPathEqualTo("/api/v4/users")).willReturn(okJson("[]")));
    }

    @Override
    public String provider() {
        return "gitlab";
    }

    @Override
    public String project() {
        return "acme/platform/infra";
    }

    @Override
    public String apiUrl() {
        return api.baseUrl() + "/api/v4";
    }

    @Override
    public String pullRequestRef(int number) {
        return "refs/merge-requests/" + number + "/head";
    }

    @Override
    public String webhookPath() {
        return "/webhooks/gitlab";
    }

    @Override
    public long commentId(int number) {
        return 2000L + number;
    }

    @Override
    public void pullRequest(int number, String head, String branch, PullRequest.State state, boolean approved,
                            boolean mergeable) {
        String json = """
                {"iid": %d, "state": "%s", "sha": "%s", "source_branch": "%s", "target_branch": "main",
                 "author": {"username": "maria.ops"}, "detailed_merge_status": "%s", "has_conflicts": %s}"""
                .formatted(number, switch (state) {
                    case OPEN -> "opened";
                    case CLOSED -> "closed";
                    case MERGED -> "merged";
                }, head, branch, mergeable ? "mergeable" : "conflict", !mergeable);
        String mr = PROJECT + "/merge_requests/" + number;
        api.stubFor(get(urlPathEqualTo(mr)).willReturn(okJson(json)));
        api.stubFor(get(urlPathEqualTo(mr + "/approvals")).willReturn(okJson(approved
                ? "{\"approved\": true, \"approved_by\": [{\"user\": {\"username\": \"chen.lead\"}}]}"
                : "{\"approved\": false, \"approved_by\": []}")));
        api.stubFor(post(urlPathEqualTo(mr + "/notes")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": " + commentId(number) + "}")));
    }

    @Override
    public void openPullRequests(List<Object[]> open) {
        String items = String.join(", ", open.stream().map(pr -> """
                {"iid": %s, "state": "opened", "sha": "%s", "source_branch": "%s", "target_branch": "main",
                 "author": {"username": "maria.ops"}}""".formatted(pr[0], pr[1], pr[2])).toList());
        api.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).willReturn(okJson("[" + items + "]")));
    }

    @Override
    public void writer(String user) {
        api.stubFor(get(urlPathEqualTo("/api/v4/users")).withQueryParam("username", equalTo(user))
                .willReturn(okJson("[{\"id\": 4127, \"username\": \"" + user + "\"}]")));
        api.stubFor(get(urlPathEqualTo(PROJECT + "/members/all/4127")).willReturn(okJson("{\"access_level\": 30}")));
    }

    @Override
    public Map<String, String> headers(String event, String deliveryId, byte[] body, String secret) {
        return Map.of("X-Gitlab-Event", event, "X-Gitlab-Webhook-UUID", deliveryId, "X-Gitlab-Token", secret,
                "Content-Type", "application/json");
    }

    @Override
    public Delivery opened(int number, String head, String branch) {
        return mergeRequest("merge_request_open.json", "open", number, head, branch);
    }

    @Override
    public Delivery synchronized_(int number, String head, String branch) {
        return mergeRequest("merge_request_update_commits.json", "update", number, head, branch);
    }

    @Override
    public Delivery closed(int number, String head, String branch, boolean merged) {
        return mergeRequest("merge_request_merge.json", merged ? "merge" : "close", number, head, branch);
    }

    private Delivery mergeRequest(String sample, String action, int number, String head, String branch) {
        ObjectNode p = sample("gitlab/" + sample);
        set(p, "/object_attributes/action", action);
        set(p, "/object_attributes/iid", number);
        set(p, "/object_attributes/last_commit/id", head);
        set(p, "/object_attributes/source_branch", branch);
        set(p, "/object_attributes/target_branch", "main");
        return new Delivery("Merge Request Hook", bytes(p));
    }

    @Override
    public Delivery comment(int number, long commentId, String author, String body) {
        ObjectNode p = sample("gitlab/note_merge_request.json");
        set(p, "/object_attributes/id", commentId);
        set(p, "/object_attributes/note", body);
        set(p, "/merge_request/iid", number);
        set(p, "/user/username", author);
        return new Delivery("Note Hook", bytes(p));
    }

    @Override
    public Delivery push(String after) {
        ObjectNode p = sample("gitlab/push.json");
        set(p, "/ref", "refs/heads/main");
        set(p, "/after", after);
        return new Delivery("Push Hook", bytes(p));
    }

    @Override
    public List<String> createdComments(int number) {
        return api.findAll(postRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests/" + number + "/notes")))
                .stream().map(HostDouble::bodyField).toList();
    }

    @Override
    public List<String> editedComments(long commentId) {
        return api.findAll(putRequestedFor(urlPathMatching(PROJECT + "/merge_requests/[0-9]+/notes/" + commentId)))
                .stream().map(HostDouble::bodyField).toList();
    }

    @Override
    public List<JsonNode> statuses(String sha) {
        return api.findAll(postRequestedFor(urlPathEqualTo(PROJECT + "/statuses/" + sha))).stream()
                .map(HostDouble::json).toList();
    }
}

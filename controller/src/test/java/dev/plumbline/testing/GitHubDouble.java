package dev.plumbline.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.vcs.PullRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GitHub's REST API and webhooks, for {@code acme/infra}. */
public final class GitHubDouble extends HostDouble {
    private static final String REPO = "/repos/acme/infra";

    public GitHubDouble() {
        api.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[]")));
        api.stubFor(post(urlPathMatching(REPO + "/statuses/[0-9a-f]+"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));
        api.stubFor(patch(urlPathMatching(REPO + "/issues/comments/[0-9]+")).willReturn(okJson("{}")));
        api.stubFor(get(urlPathMatching(REPO + "/issues/[0-9]+/comments")).willReturn(okJson("[]")));
        api.stubFor(get(urlPathMatching(REPO + "/collaborators/.+/permission"))
                .willReturn(okJson("{\"permission\": \"read\", \"role_name\": \"read\"}")));
    }

    @Override
    public String provider() {
        return "github";
    }

    @Override
    public String project() {
        return "acme/infra";
    }

    @Override
    public String apiUrl() {
        return api.baseUrl();
    }

    @Override
    public String pullRequestRef(int number) {
        return "refs/pull/" + number + "/head";
    }

    @Override
    public String webhookPath() {
        return "/webhooks/github";
    }

    @Override
    public long commentId(int number) {
        return 1000L + number;
    }

    @Override
    public void pullRequest(int number, String head, String branch, PullRequest.State state, boolean approved,
                            boolean mergeable) {
        String json = """
                {"number": %d, "state": "%s", "merged_at": %s, "mergeable": %s,
                 "head": {"sha": "%s", "ref": "%s"}, "base": {"ref": "main"}, "user": {"login": "maria-ops"}}"""
                .formatted(number, state == PullRequest.State.OPEN ? "open" : "closed",
                        state == PullRequest.State.MERGED ? "\"2025-03-12T10:00:00Z\"" : "null", mergeable, head,
                        branch);
        api.stubFor(get(urlPathEqualTo(REPO + "/pulls/" + number)).willReturn(okJson(json)));
        api.stubFor(get(urlPathEqualTo(REPO + "/pulls/" + number + "/reviews")).willReturn(okJson(approved
                ? "[{\"user\": {\"login\": \"chen-lead\"}, \"state\": \"APPROVED\"}]" : "[]")));
        api.stubFor(post(urlPathEqualTo(REPO + "/issues/" + number + "/comments")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": " + commentId(number) + "}")));
    }

    @Override
    public void openPullRequests(List<Object[]> open) {
        String items = String.join(", ", open.stream().map(pr -> """
                {"number": %s, "state": "open", "head": {"sha": "%s", "ref": "%s"}, "base": {"ref": "main"},
                 "user": {"login": "maria-ops"}}""".formatted(pr[0], pr[1], pr[2])).toList());
        api.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[" + items + "]")));
    }

    @Override
    public void writer(String user) {
        api.stubFor(get(urlPathEqualTo(REPO + "/collaborators/" + user + "/permission"))
                .willReturn(okJson("{\"permission\": \"write\", \"role_name\": \"write\"}")));
    }

    @Override
    public Map<String, String> headers(String event, String deliveryId, byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", deliveryId,
                    "X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)),
                    "Content-Type", "application/json");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Delivery opened(int number, String head, String branch) {
        return pullRequestEvent("opened", number, head, branch, false);
    }

    @Override
    public Delivery synchronized_(int number, String head, String branch) {
        return pullRequestEvent("synchronize", number, head, branch, false);
    }

    @Override
    public Delivery closed(int number, String head, String branch, boolean merged) {
        return pullRequestEvent("closed", number, head, branch, merged);
    }

    private Delivery pullRequestEvent(String action, int number, String head, String branch, boolean merged) {
        ObjectNode p = sample("github/pull_request_opened.json");
        set(p, "/action", action);
        set(p, "/number", number);
        set(p, "/pull_request/number", number);
        set(p, "/pull_request/head/sha", head);
        set(p, "/pull_request/head/ref", branch);
        set(p, "/pull_request/base/ref", "main");
        set(p, "/pull_request/merged", merged);
        set(p, "/pull_request/state", action.equals("closed") ? "closed" : "open");
        return new Delivery("pull_request", bytes(p));
    }

    @Override
    public Delivery comment(int number, long commentId, String author, String body) {
        ObjectNode p = sample("github/issue_comment_created.json");
        set(p, "/issue/number", number);
        set(p, "/comment/id", commentId);
        set(p, "/comment/user/login", author);
        set(p, "/comment/body", body);
        set(p, "/sender/login", author);
        return new Delivery("issue_comment", bytes(p));
    }

    @Override
    public Delivery push(String after) {
        ObjectNode p = sample("github/push.json");
        set(p, "/ref", "refs/heads/main");
        set(p, "/after", after);
        return new Delivery("push", bytes(p));
    }

    @Override
    public List<String> createdComments(int number) {
        return api.findAll(postRequestedFor(urlPathEqualTo(REPO + "/issues/" + number + "/comments"))).stream()
                .map(HostDouble::bodyField).toList();
    }

    @Override
    public List<String> editedComments(long commentId) {
        return api.findAll(patchRequestedFor(urlPathEqualTo(REPO + "/issues/comments/" + commentId))).stream()
                .map(HostDouble::bodyField).toList();
    }

    @Override
    public List<JsonNode> statuses(String sha) {
        return api.findAll(postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + sha))).stream()
                .map(HostDouble::json).toList();
    }
}

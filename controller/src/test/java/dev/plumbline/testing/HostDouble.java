package dev.plumbline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.vcs.PullRequest;
import dev.plumbline.vcs.VcsFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A WireMock server standing in for a code host's API, and the webhook deliveries that host would send, built from
 * the payload samples under {@code src/test/resources/vcs/payloads/}. Requests are recorded, so a test can read every
 * comment and status Plumbline sent.
 */
public abstract class HostDouble implements AutoCloseable {
    protected static final ObjectMapper JSON = new ObjectMapper();

    public final WireMockServer api;

    protected HostDouble() {
        api = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
    }

    /** {@code github} or {@code gitlab}, as the daemon config spells it. */
    public abstract String provider();

    /** The repository's name on the host. */
    public abstract String project();

    /** The {@code api_url} to configure. */
    public abstract String apiUrl();

    /** Where the host keeps the head of pull request {@code number}. */
    public abstract String pullRequestRef(int number);

    /** The path webhooks of this host are posted to. */
    public abstract String webhookPath();

    /** The id of the comment Plumbline gets when it comments on {@code number} for the first time. */
    public abstract long commentId(int number);

    /** Answers for the pull request: its state, head, approval and whether it can merge. */
    public abstract void pullRequest(int number, String head, String branch, PullRequest.State state,
                                     boolean approved, boolean mergeable);

    /** The open pull requests the host lists, each as {number, head, branch}; none by default. */
    public abstract void openPullRequests(List<Object[]> open);

    /** {@code user} may push to the repository. */
    public abstract void writer(String user);

    /** The headers of a delivery; {@code secret} is what the sender signs with (the right one, or not). */
    public abstract Map<String, String> headers(String event, String deliveryId, byte[] body, String secret);

    public abstract Delivery opened(int number, String head, String branch);

    public abstract Delivery synchronized_(int number, String head, String branch);

    public abstract Delivery closed(int number, String head, String branch, boolean merged);

    public abstract Delivery comment(int number, long commentId, String author, String body);

    public abstract Delivery push(String after);

    /** The bodies of the comments created on {@code number}. */
    public abstract List<String> createdComments(int number);

    /** The bodies the comment {@code commentId} was edited to, in order. */
    public abstract List<String> editedComments(long commentId);

    /** The statuses set on {@code sha}: context (GitHub) or name (GitLab) to the last state and body. */
    public abstract List<JsonNode> statuses(String sha);

    /** The status name of a workspace's plan. */
    public String context(JsonNode status) {
        return status.has("context") ? status.get("context").asText() : status.path("name").asText();
    }

    /** An event as the host sends it: its type header value and its body. */
    public record Delivery(String event, byte[] body) { }

    /** Every body of every request Plumbline sent to the host. */
    public List<String> everyRequestBody() {
        List<String> bodies = new ArrayList<>();
        for (LoggedRequest r : api.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            bodies.add(r.getBodyAsString());
        }
        return bodies;
    }

    protected static ObjectNode sample(String name) {
        try {
            return (ObjectNode) JSON.readTree(VcsFixtures.payload(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the field at a JSON pointer whose parent exists. */
    protected static void set(ObjectNode root, String pointer, Object value) {
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) root.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        if (value instanceof Integer i) {
            parent.put(field, i);
        } else if (value instanceof Long l) {
            parent.put(field, l);
        } else if (value instanceof Boolean b) {
            parent.put(field, b);
        } else if (value == null) {
            parent.putNull(field);
        } else {
            parent.put(field, value.toString());
        }
    }

    protected static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    protected static String bodyField(LoggedRequest r) {
        try {
            return JSON.readTree(r.getBodyAsString()).path("body").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static JsonNode json(LoggedRequest r) {
        try {
            return JSON.readTree(r.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.stop();
    }
}

package dev.plumbline.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Posts a readable summary to a Slack incoming webhook. The webhook's URL is itself the credential: anyone holding
 * it can post to the channel. So it is never logged, and errors show only its scheme and host.
 */
public final class SlackChannel implements Channel {
    /** Slack refuses a section text over 3000 characters; stay well below, leaving room for "and N more". */
    private static final int MAX_LIST_CHARS = 2500;
    /** Slack answers a refused post with a short code such as {@code invalid_payload} or {@code no_service}. */
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,60}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Supplier<URI> url;
    private final JsonPost post;

    public SlackChannel(URI incomingWebhookUrl) {
        this("slack " + JsonPost.schemeAndHost(incomingWebhookUrl), () -> incomingWebhookUrl, new JsonPost());
        JsonPost.requireHttp(incomingWebhookUrl, name);
    }

    /** @param url asked for at every send; {@code name} says where it comes from, never what it is */
    SlackChannel(String name, Supplier<URI> url, JsonPost post) {
        this.name = Objects.requireNonNull(name, "name");
        this.url = Objects.requireNonNull(url, "url");
        this.post = post;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(DriftEvent e) {
        String doing = "sending drift of " + e.workspace() + " (run " + e.runId() + ") to " + name;
        URI target;
        try {
            target = JsonPost.requireHttp(url.get(), "reading the Slack webhook URL");
        } catch (RuntimeException x) {
            // not chained: a cause could quote the URL
            throw new NotificationException(doing + ": " + x.getMessage());
        }
        String host = JsonPost.schemeAndHost(target);
        String where = name.contains(host) ? "" : " (" + host + ")";
        JsonPost.Response response;
        try {
            response = post.post(target, message(e).getBytes(StandardCharsets.UTF_8), Map.of());
        } catch (IOException | RuntimeException x) {
            throw new NotificationException(doing + where + ": " + scrub(JsonPost.describe(x), target));
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new NotificationException(doing + where + ": interrupted");
        }
        if (!response.ok()) {
            String code = ERROR_CODE.matcher(response.excerpt()).matches() ? " " + response.excerpt() : "";
            throw new NotificationException(doing + where + ": HTTP " + response.status() + code);
        }
    }

    /**
     * {@code {"text": ..., "blocks": [...]}}: the text is what notifications and old clients show. Slack keeps no
     * idempotency key, so the event id is in the last block, for a reader to tell a repeat from a new event.
     */
    static String message(DriftEvent e) {
        ObjectNode message = JSON.createObjectNode();
        message.put("text", e.headline());
        ArrayNode blocks = message.putArray("blocks");
        section(blocks, "*" + escape(e.headline()) + "*");
        if (!e.driftedAddresses().isEmpty()) {
            section(blocks, addressList(e));
        }
        String context = (e.link() == null || !isSafeLink(e.link())
                ? "Run " + e.runId() + " at " + e.at()
                : "<" + e.link() + "|Run " + e.runId() + "> at " + e.at()) + " \u00b7 event " + e.eventId();
        ObjectNode contextBlock = blocks.addObject().put("type", "context");
        contextBlock.putArray("elements").addObject().put("type", "mrkdwn").put("text", context);
        return message.toString();
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    private static String addressList(DriftEvent e) {
        StringBuilder list = new StringBuilder();
        int shown = 0;
        for (String address : e.driftedAddresses()) {
            String line = "\u2022 `" + escape(address).replace('`', '\'') + "`\n";
            if (list.length() + line.length() > MAX_LIST_CHARS) {
                break;
            }
            list.append(line);
            shown++;
        }
        int more = e.driftedAddresses().size() - shown;
        if (more > 0) {
            list.append("and ").append(more).append(" more\n");
        }
        return list.toString().stripTrailing();
    }

    /** The three characters Slack's mrkdwn wants escaped. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A link Slack's {@code <url|text>} syntax cannot misread. */
    private static boolean isSafeLink(String link) {
        return link.matches("https?://[^\\s|<>]+");
    }

    private static String scrub(String text, URI url) {
        String path = url.getRawPath();
        String scrubbed = text.replace(url.toString(), JsonPost.schemeAndHost(url));
        return path == null || path.isEmpty() || path.equals("/") ? scrubbed : scrubbed.replace(path, "/...");
    }
}

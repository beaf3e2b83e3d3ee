package dev.plumbline.vcs.gitlab;

import dev.plumbline.vcs.ConstantTime;
import dev.plumbline.vcs.WebhookException;
import dev.plumbline.vcs.WebhookRequest;
import dev.plumbline.vcs.WebhookVerifier;
import java.util.function.Supplier;

/**
 * GitLab does not sign deliveries: it sends the webhook's secret token as it is, in {@code X-Gitlab-Token}. It is
 * compared in constant time, so that a forger learns nothing from how fast a guess fails.
 */
public final class GitLabToken implements WebhookVerifier {
    static final String HEADER = "X-Gitlab-Token";

    private final Supplier<String> secret;

    /** @param secret the webhook secret token, read at each delivery */
    public GitLabToken(Supplier<String> secret) {
        this.secret = secret;
    }

    @Override
    public void verify(WebhookRequest request) {
        String expected = secret.get();
        if (expected == null || expected.isEmpty()) {
            throw refused("no GitLab webhook secret token is configured, so no delivery can be verified");
        }
        String presented = request.header(HEADER)
                .orElseThrow(() -> refused("the delivery has no " + HEADER + " header (is the secret token set on "
                        + "GitLab?)"));
        if (!ConstantTime.equals(expected, presented)) {
            throw refused("the " + HEADER + " header does not match the configured secret token");
        }
    }

    private static WebhookException refused(String why) {
        return new WebhookException(WebhookException.Reason.UNAUTHENTICATED, "verifying a GitLab delivery: " + why);
    }
}

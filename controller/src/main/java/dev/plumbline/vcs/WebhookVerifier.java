package dev.plumbline.vcs;

/** Checks that a webhook delivery comes from the host, before anything in it is read. */
public interface WebhookVerifier {

    /**
     * Returns when the delivery is authentic.
     *
     * @throws WebhookException with {@link WebhookException.Reason#UNAUTHENTICATED} otherwise, also when no secret
     *                          is configured: an unsigned delivery is never accepted
     */
    void verify(WebhookRequest request);
}

package dev.plumbline.store;

import java.time.Instant;

/**
 * A saved plan, decrypted. The planfile holds secrets in the clear, so {@link #toString()} gives its size, never
 * its bytes; the array is shared, not copied, because plan files can be large: do not modify it.
 */
public record StoredPlan(long runId, byte[] planfile, String sha256, String maskedJson, String renderedText,
                         Instant createdAt) {
    @Override
    public String toString() {
        return "StoredPlan[runId=" + runId + ", planfile=" + planfile.length + " bytes, sha256=" + sha256
                + ", maskedJson=" + maskedJson.length() + " chars, renderedText=" + renderedText.length()
                + " chars, createdAt=" + createdAt + "]";
    }
}

package dev.plumbline.vcs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Comparison of a secret with what a request presents, in time that does not depend on where they differ.
 *
 * <p>Both sides are hashed first and the digests compared with {@link MessageDigest#isEqual}, so not even the length
 * of the secret leaks through timing ({@code isEqual} returns early when lengths differ).
 */
public final class ConstantTime {
    private ConstantTime() {
    }

    public static boolean equals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected.getBytes(StandardCharsets.UTF_8)),
                sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

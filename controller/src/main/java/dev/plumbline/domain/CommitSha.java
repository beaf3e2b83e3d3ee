package dev.plumbline.domain;

/** How a commit is named to people: its first 12 hex digits, enough to be unique in any real repository. */
public final class CommitSha {
    private CommitSha() { }

    /** The short form of {@code sha}; {@code (none)} for null. */
    public static String shorten(String sha) {
        return sha == null ? "(none)" : sha.substring(0, Math.min(12, sha.length()));
    }
}

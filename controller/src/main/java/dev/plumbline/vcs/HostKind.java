package dev.plumbline.vcs;

/** The kinds of code host Plumbline reports to, with what differs between them that callers need to know. */
public enum HostKind {
    GITHUB(65_536),
    GITLAB(1_000_000);

    private final int commentLimit;

    HostKind(int commentLimit) {
        this.commentLimit = commentLimit;
    }

    /** The longest comment body the host accepts, in characters. */
    public int commentLimit() {
        return commentLimit;
    }
}

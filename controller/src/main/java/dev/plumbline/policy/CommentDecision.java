package dev.plumbline.policy;

import java.util.List;

/**
 * Whether a comment command is carried out and, when it is not, every reason, each one a person can act on (they
 * are shown in the pull request's report and kept in the audit log).
 */
public record CommentDecision(Verdict verdict, List<String> reasons) {
    public enum Verdict {
        /** carry the command out. */
        RUN,
        /** the repository does not take {@code plumbline apply} from comments ({@code apply_on_comment}). */
        NOT_ENABLED,
        /** the command may not run now, for the reasons given. */
        REFUSED
    }

    public CommentDecision {
        reasons = List.copyOf(reasons);
    }

    static CommentDecision run() {
        return new CommentDecision(Verdict.RUN, List.of());
    }

    public boolean runs() {
        return verdict == Verdict.RUN;
    }

    /** The reasons as one sentence. */
    public String reason() {
        return String.join("; ", reasons);
    }
}

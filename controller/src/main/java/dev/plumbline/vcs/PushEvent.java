package dev.plumbline.vcs;

import java.util.Optional;

/** Commits were pushed to {@code ref} ({@code refs/heads/main}); {@code after} is the new head commit. */
public record PushEvent(HostKind host, String repo, String ref, String after) implements WebhookEvent {
    private static final String HEADS = "refs/heads/";

    /** The branch pushed to; empty for a tag. */
    public Optional<String> branch() {
        return ref.startsWith(HEADS) ? Optional.of(ref.substring(HEADS.length())) : Optional.empty();
    }
}

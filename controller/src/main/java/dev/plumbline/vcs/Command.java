package dev.plumbline.vcs;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command given in a pull request comment: {@code plumbline plan [workspace]} or
 * {@code plumbline apply [workspace]}, without a workspace meaning every workspace the pull request affects.
 *
 * <p>Only a first line that is the command and nothing else counts, in any letter case. Anything more on that line,
 * a quote ({@code > plumbline apply}) or the words mentioned further down a comment are not commands: applying
 * infrastructure must never happen because someone talked about it.
 */
public record Command(Kind kind, Optional<String> workspace) {

    public enum Kind { PLAN, APPLY }

    private static final Pattern COMMAND = Pattern.compile(
            "plumbline\\s+(plan|apply)(?:\\s+([A-Za-z0-9][A-Za-z0-9._-]{0,99}))?", Pattern.CASE_INSENSITIVE);

    public Command {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(workspace, "workspace");
    }

    public static Optional<Command> parse(String commentBody) {
        if (commentBody == null) {
            return Optional.empty();
        }
        String first = commentBody.stripLeading().lines().findFirst().orElse("").strip();
        Matcher m = COMMAND.matcher(first);
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        return Optional.of(new Command(kind, Optional.ofNullable(m.group(2))));
    }

    /** The command as it is typed, e.g. {@code plumbline apply network}. */
    @Override
    public String toString() {
        return "plumbline " + kind.name().toLowerCase(Locale.ROOT) + workspace.map(w -> " " + w).orElse("");
    }
}

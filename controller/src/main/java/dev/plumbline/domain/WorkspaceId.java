package dev.plumbline.domain;

import dev.plumbline.util.Echo;
import java.util.regex.Pattern;

/** A workspace is named {@code <repo>/<workspace>} everywhere: CLI, store and logs. */
public record WorkspaceId(String repo, String name) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public WorkspaceId {
        if (repo == null || !PART.matcher(repo).matches()) {
            throw new IllegalArgumentException("invalid repo name " + Echo.quote(repo)
                    + ": use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (name == null || !PART.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid workspace name " + Echo.quote(name)
                    + ": use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static WorkspaceId parse(String qualified) {
        int slash = qualified == null ? -1 : qualified.indexOf('/');
        if (slash < 0 || slash != qualified.lastIndexOf('/')) {
            throw new IllegalArgumentException("invalid workspace " + Echo.quote(qualified) + ": expected <repo>/<workspace>");
        }
        return new WorkspaceId(qualified.substring(0, slash), qualified.substring(slash + 1));
    }

    @Override
    public String toString() {
        return repo + "/" + name;
    }
}

package dev.plumbline.store;

import java.time.Clock;
import java.util.Optional;

/** The newest commit of each repo whose settings were valid: the settings in force while the head's are not. */
public final class ValidSettings {
    private final RepoCommitRows rows;

    ValidSettings(Scope scope, Clock clock) {
        this.rows = new RepoCommitRows(scope, clock, "valid_settings", "recorded_at", "the last valid settings");
    }

    public Optional<String> commitOf(String repo) {
        return rows.find(repo);
    }

    public void record(String repo, String commit) {
        rows.record(repo, commit);
    }
}

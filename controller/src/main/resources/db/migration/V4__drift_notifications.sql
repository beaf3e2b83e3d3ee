-- The drift each workspace was last notified about, so that a drift check notifies only when drift appears,
-- changes or goes away, not on every check. The fingerprint is a sha256 (hex) of the drifted addresses, actions
-- and attribute paths: never of values, which may be masked or change from one check to the next.
-- One row per workspace; a row is written only when a notification is due, so last_run_id is the run that was
-- last notified about, not the last run checked.
CREATE TABLE drift_notifications (
    workspace_id  BIGINT      PRIMARY KEY REFERENCES workspaces (id),
    fingerprint   VARCHAR(64) NOT NULL,
    drifted       BOOLEAN     NOT NULL,
    last_run_id   BIGINT      NOT NULL REFERENCES runs (id),
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

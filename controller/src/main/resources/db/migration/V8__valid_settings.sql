-- The newest commit of each repo whose .plumbline.yaml was valid. When the head's settings are invalid, these are
-- the settings in force, also after a restart and for CLI commands, so one bad push never stops drift checks.
CREATE TABLE valid_settings (
    repo        VARCHAR(100) NOT NULL PRIMARY KEY,
    commit_sha  VARCHAR(64)  NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The processes that run tools (daemons and CLI commands), each with a heartbeat, and the owner of each run, so
-- that a run is marked interrupted only once its own process is known to be gone: stopped, no longer alive on
-- its host, or silent for longer than the heartbeat timeout. Portable SQL, as in V1.
CREATE TABLE owners (
    id           VARCHAR(200) PRIMARY KEY,
    host         VARCHAR(200) NOT NULL,
    pid          BIGINT       NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Set when the process ended cleanly, or when another one found it gone and took over what it left.
    stopped_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX owners_heartbeat_idx ON owners (stopped_at, heartbeat_at);

-- Null for runs written before owners were recorded.
ALTER TABLE runs ADD COLUMN owner_id VARCHAR(200);
-- Set by `plumbline cancel`: the owning process, which looks every few seconds, stops the run.
ALTER TABLE runs ADD COLUMN cancel_requested_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE runs ADD COLUMN cancel_requested_by VARCHAR(200);
-- Set when another process marked the run interrupted, presuming its own process lost. If that process turns out
-- to be alive and finishes the run, what really happened is recorded over the presumption.
ALTER TABLE runs ADD COLUMN presumed_lost_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX runs_owner_status_idx ON runs (owner_id, status);

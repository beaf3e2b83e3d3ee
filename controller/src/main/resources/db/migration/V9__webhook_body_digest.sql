-- A signed body sent again under a new delivery id is a replay, not a new event: its SHA-256 is kept per host with
-- when it was last received, and a delivery whose body was received within the replay window is not acted on
-- again. The primary key makes two replays arriving at the same moment resolve to one. Portable SQL, as in V1.
CREATE TABLE webhook_body_digests (
    host         VARCHAR(20) NOT NULL,
    body_sha256  VARCHAR(64) NOT NULL,
    delivery_id  VARCHAR(200) NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (host, body_sha256)
);

-- The console's sign-ins, kept in the store so that a restart (or another daemon behind the same proxy) keeps them.
-- Only the SHA-256 of each secret is stored: a copy of the database signs nobody in.
--
-- console_sessions: one row per signed-in browser; id_sha256 is the hash of the session cookie's value. name, role
-- and via (oidc, token, link) are who signed in, with what role, and how.
CREATE TABLE console_sessions (
    id_sha256   VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    via         VARCHAR(20)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at);

-- One-time sign-in links printed by `plumbline console link`: token_sha256 is the hash of the link's token; used_at
-- is set when it signs someone in, after which it signs in nobody else.
CREATE TABLE console_sign_in_links (
    token_sha256 VARCHAR(64)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    role         VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at      TIMESTAMP WITH TIME ZONE
);

-- OpenID Connect sign-ins under way: state_sha256 is the hash of the state sent to the identity provider; the PKCE
-- verifier and the nonce are what its answer is checked against; next is the console page to return to. A row is
-- taken (deleted) by the answer that names it, so a state is good once.
CREATE TABLE console_oidc_logins (
    state_sha256 VARCHAR(64)   PRIMARY KEY,
    verifier     VARCHAR(128)  NOT NULL,
    nonce        VARCHAR(128)  NOT NULL,
    next_path    VARCHAR(2000) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

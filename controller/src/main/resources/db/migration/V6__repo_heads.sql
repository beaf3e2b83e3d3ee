-- The newest commit of each repo's tracked branch that Plumbline has acted on: the next poll plans what changed
-- since, and a restart does not replan what was already seen.
CREATE TABLE repo_heads (
    repo       VARCHAR(100) NOT NULL PRIMARY KEY,
    commit_sha VARCHAR(64)  NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

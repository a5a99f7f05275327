-- Signed-in browser sessions of the web pages. The cookie holds a random token; only its
-- HMAC-SHA256 with the server secret is stored, so a dump cannot be replayed as a session. Every
-- node reads the same rows, so a session works on any node of a cluster and survives restarts;
-- deleting the user ends the user's sessions.
CREATE TABLE web_sessions (
    token_hash   BYTEA PRIMARY KEY,
    user_id      INTEGER     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT        NOT NULL,
    ip           VARCHAR(64),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- Failed sign-ins per subject ('account:<SHA-256 of the login in lower case>' or 'ip:<address>') in
-- a window that starts at the first failure: shared by every node, so a cluster does not multiply
-- the limit. An attempt counts before its password is checked (parallel guesses cannot overrun the
-- limit); a successful one takes its count back.
CREATE TABLE sign_in_failures (
    subject           TEXT PRIMARY KEY,
    failures          INTEGER     NOT NULL,
    window_started_at TIMESTAMPTZ NOT NULL
);

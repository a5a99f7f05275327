-- Users, with Pterodactyl's columns. Username and e-mail are unique whatever their case.
CREATE TABLE users (
    id                    SERIAL PRIMARY KEY,
    external_id           VARCHAR(191),
    uuid                  UUID         NOT NULL UNIQUE,
    username              VARCHAR(191) NOT NULL,
    email                 VARCHAR(191) NOT NULL,
    name_first            VARCHAR(191),
    name_last             VARCHAR(191),
    password              TEXT         NOT NULL,
    remember_token        VARCHAR(191),
    language              VARCHAR(5)   NOT NULL DEFAULT 'en',
    root_admin            BOOLEAN      NOT NULL DEFAULT FALSE,
    use_totp              BOOLEAN      NOT NULL DEFAULT FALSE,
    totp_secret           TEXT,
    totp_authenticated_at TIMESTAMPTZ,
    gravatar              BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_unique ON users (lower(username));
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
CREATE UNIQUE INDEX users_external_id_unique ON users (external_id) WHERE external_id IS NOT NULL;

-- API keys. The token itself is never stored: token_hash is HMAC-SHA256(server secret, token).
-- identifier is the 16 random characters after the prefix (case-sensitive); key_type says which
-- prefix it carries (1 client ptlc_, 2 application ptla_, as Pterodactyl numbers them).
-- permissions holds the nine per-resource levels of application keys, {"users":3,"servers":1,...}.
CREATE TABLE api_keys (
    id           BIGSERIAL PRIMARY KEY,
    user_id      INTEGER     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_type     SMALLINT    NOT NULL CHECK (key_type IN (1, 2)),
    identifier   CHAR(16) COLLATE "C" NOT NULL UNIQUE,
    token_hash   BYTEA       NOT NULL,
    description  TEXT        NOT NULL,
    allowed_ips  JSONB       NOT NULL DEFAULT '[]'::jsonb,
    permissions  JSONB       NOT NULL DEFAULT '{}'::jsonb,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_user_id ON api_keys (user_id, key_type);

-- Activity log: what happened, who did it, to what, through which key, from where.
CREATE TABLE activity_logs (
    id             BIGSERIAL PRIMARY KEY,
    event          VARCHAR(191) NOT NULL,
    actor_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    subject_type   VARCHAR(64),
    subject_id     VARCHAR(64),
    key_identifier VARCHAR(32),
    ip             VARCHAR(64),
    properties     JSONB        NOT NULL DEFAULT '{}'::jsonb,
    "timestamp"    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX activity_logs_event ON activity_logs (event, "timestamp");
CREATE INDEX activity_logs_actor ON activity_logs (actor_id, "timestamp");

-- Account SSH keys, with Pterodactyl's columns. A removed key keeps its row with deleted_at set (its
-- soft delete), so the activity log's fingerprints still name something; a fingerprint is unique
-- among a user's live keys only, so a removed key can be added again. public_key holds the key as
-- Pterodactyl stores it, PKCS#8 PEM.
CREATE TABLE user_ssh_keys (
    id          SERIAL PRIMARY KEY,
    user_id     INTEGER      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        VARCHAR(191) NOT NULL,
    fingerprint VARCHAR(191) NOT NULL,
    public_key  TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    deleted_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX user_ssh_keys_live_fingerprint ON user_ssh_keys (user_id, fingerprint) WHERE deleted_at IS NULL;

-- The panel's resources (Pterodactyl's schema, in PostgreSQL): nodes and their allocations, nests,
-- eggs and their variables, servers with their variables and subusers, database hosts and the
-- databases made on them, and backup records. Unique text columns ignore case, as MySQL's collation
-- does in Pterodactyl.

CREATE TABLE nodes (
    id                  SERIAL PRIMARY KEY,
    uuid                UUID         NOT NULL UNIQUE,
    public              BOOLEAN      NOT NULL DEFAULT TRUE,
    name                VARCHAR(191) NOT NULL,
    description         TEXT,
    location_id         INTEGER      NOT NULL REFERENCES locations (id),
    fqdn                VARCHAR(191) NOT NULL,
    scheme              VARCHAR(191) NOT NULL DEFAULT 'https',
    behind_proxy        BOOLEAN      NOT NULL DEFAULT FALSE,
    maintenance_mode    BOOLEAN      NOT NULL DEFAULT FALSE,
    memory              INTEGER      NOT NULL,
    memory_overallocate INTEGER      NOT NULL DEFAULT 0,
    disk                INTEGER      NOT NULL,
    disk_overallocate   INTEGER      NOT NULL DEFAULT 0,
    upload_size         INTEGER      NOT NULL DEFAULT 100,
    daemon_token_id     CHAR(16)     NOT NULL UNIQUE,
    -- the daemon's secret, encrypted with the server secret (SecretBox): the configuration route shows it
    daemon_token        TEXT         NOT NULL,
    daemon_listen       INTEGER      NOT NULL DEFAULT 8080,
    daemon_sftp         INTEGER      NOT NULL DEFAULT 2022,
    daemon_base         VARCHAR(191) NOT NULL DEFAULT '/var/lib/pterodactyl/volumes',
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX nodes_location ON nodes (location_id);

CREATE TABLE nests (
    id          SERIAL PRIMARY KEY,
    uuid        UUID         NOT NULL UNIQUE,
    author      VARCHAR(191) NOT NULL,
    name        VARCHAR(191) NOT NULL,
    description TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE eggs (
    id                   SERIAL PRIMARY KEY,
    uuid                 UUID         NOT NULL UNIQUE,
    nest_id              INTEGER      NOT NULL REFERENCES nests (id) ON DELETE CASCADE,
    author               VARCHAR(191) NOT NULL,
    name                 VARCHAR(191) NOT NULL,
    description          TEXT,
    features             JSONB,
    docker_images        JSONB        NOT NULL DEFAULT '{}',
    file_denylist        JSONB,
    update_url           TEXT,
    config_files         TEXT,
    config_startup       TEXT,
    config_logs          TEXT,
    config_stop          VARCHAR(191),
    config_from          INTEGER REFERENCES eggs (id) ON DELETE SET NULL,
    startup              TEXT,
    script_container     VARCHAR(191) NOT NULL DEFAULT 'alpine:3.4',
    copy_script_from     INTEGER REFERENCES eggs (id) ON DELETE SET NULL,
    script_entry         VARCHAR(191) NOT NULL DEFAULT 'ash',
    script_is_privileged BOOLEAN      NOT NULL DEFAULT TRUE,
    script_install       TEXT,
    force_outgoing_ip    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX eggs_nest ON eggs (nest_id);

CREATE TABLE egg_variables (
    id            SERIAL PRIMARY KEY,
    egg_id        INTEGER      NOT NULL REFERENCES eggs (id) ON DELETE CASCADE,
    name          VARCHAR(191) NOT NULL,
    description   TEXT         NOT NULL DEFAULT '',
    env_variable  VARCHAR(191) NOT NULL,
    default_value TEXT         NOT NULL DEFAULT '',
    user_viewable BOOLEAN      NOT NULL DEFAULT FALSE,
    user_editable BOOLEAN      NOT NULL DEFAULT FALSE,
    rules         TEXT,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (egg_id, env_variable)
);

CREATE TABLE allocations (
    id         SERIAL PRIMARY KEY,
    node_id    INTEGER      NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    ip         VARCHAR(191) NOT NULL,
    ip_alias   TEXT,
    port       INTEGER      NOT NULL,
    server_id  INTEGER,
    notes      VARCHAR(256),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (node_id, ip, port)
);
CREATE INDEX allocations_server ON allocations (server_id);

CREATE TABLE servers (
    id               SERIAL PRIMARY KEY,
    external_id      VARCHAR(191),
    uuid             UUID         NOT NULL UNIQUE,
    uuid_short       CHAR(8)      NOT NULL UNIQUE,
    node_id          INTEGER      NOT NULL REFERENCES nodes (id),
    name             VARCHAR(191) NOT NULL,
    description      TEXT         NOT NULL DEFAULT '',
    status           VARCHAR(191),
    skip_scripts     BOOLEAN      NOT NULL DEFAULT FALSE,
    owner_id         INTEGER      NOT NULL REFERENCES users (id),
    memory           INTEGER      NOT NULL,
    swap             INTEGER      NOT NULL,
    disk             INTEGER      NOT NULL,
    io               INTEGER      NOT NULL,
    cpu              INTEGER      NOT NULL,
    threads          VARCHAR(191),
    oom_disabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    allocation_id    INTEGER      NOT NULL UNIQUE REFERENCES allocations (id),
    nest_id          INTEGER      NOT NULL REFERENCES nests (id),
    egg_id           INTEGER      NOT NULL REFERENCES eggs (id),
    startup          TEXT         NOT NULL,
    image            VARCHAR(191) NOT NULL,
    allocation_limit INTEGER,
    database_limit   INTEGER DEFAULT 0,
    backup_limit     INTEGER      NOT NULL DEFAULT 0,
    installed_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX servers_external_id_unique ON servers (lower(external_id)) WHERE external_id IS NOT NULL;
CREATE INDEX servers_owner ON servers (owner_id);
CREATE INDEX servers_node ON servers (node_id);
CREATE INDEX servers_egg ON servers (egg_id);

ALTER TABLE allocations ADD CONSTRAINT allocations_server_fk
    FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE SET NULL;

CREATE TABLE server_variables (
    id             SERIAL PRIMARY KEY,
    server_id      INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    variable_id    INTEGER NOT NULL REFERENCES egg_variables (id) ON DELETE CASCADE,
    variable_value TEXT    NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (server_id, variable_id)
);

CREATE TABLE subusers (
    id          SERIAL PRIMARY KEY,
    user_id     INTEGER     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    server_id   INTEGER     NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    permissions JSONB       NOT NULL DEFAULT '[]',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, server_id)
);
CREATE INDEX subusers_server ON subusers (server_id);

CREATE TABLE database_hosts (
    id            SERIAL PRIMARY KEY,
    name          VARCHAR(191) NOT NULL,
    host          VARCHAR(191) NOT NULL,
    port          INTEGER      NOT NULL,
    username      VARCHAR(191) NOT NULL,
    -- the host's admin password, encrypted with the server secret (SecretBox)
    password      TEXT         NOT NULL,
    max_databases INTEGER,
    node_id       INTEGER REFERENCES nodes (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE databases (
    id               SERIAL PRIMARY KEY,
    server_id        INTEGER      NOT NULL REFERENCES servers (id),
    database_host_id INTEGER      NOT NULL REFERENCES database_hosts (id),
    database         VARCHAR(191) NOT NULL,
    username         VARCHAR(191) NOT NULL,
    remote           VARCHAR(191) NOT NULL DEFAULT '%',
    -- the database user's password, encrypted with the server secret (SecretBox)
    password         TEXT         NOT NULL,
    max_connections  INTEGER DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (database_host_id, username),
    UNIQUE (database_host_id, server_id, database)
);
CREATE INDEX databases_server ON databases (server_id);

CREATE TABLE backups (
    id            BIGSERIAL PRIMARY KEY,
    server_id     INTEGER      NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    uuid          UUID         NOT NULL UNIQUE,
    upload_id     TEXT,
    is_successful BOOLEAN      NOT NULL DEFAULT FALSE,
    is_locked     BOOLEAN      NOT NULL DEFAULT FALSE,
    name          VARCHAR(191) NOT NULL,
    ignored_files JSONB        NOT NULL DEFAULT '[]',
    disk          VARCHAR(191) NOT NULL DEFAULT 'wings',
    checksum      VARCHAR(191),
    bytes         BIGINT       NOT NULL DEFAULT 0,
    completed_at  TIMESTAMPTZ,
    deleted_at    TIMESTAMPTZ,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX backups_server ON backups (server_id);

-- Locations, nodes and users with children cannot be deleted (the API says why): no cascade there.

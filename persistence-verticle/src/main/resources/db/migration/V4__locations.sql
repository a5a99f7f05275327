-- Locations (Pterodactyl's): a short unique code, whatever its case, and a description.
CREATE TABLE locations (
    id         SERIAL PRIMARY KEY,
    short      VARCHAR(191) NOT NULL,
    long       TEXT,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX locations_short_unique ON locations (lower(short));

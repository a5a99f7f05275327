-- TRUNCATE fires no row trigger: announce it as a reset, so that every node drops what it cached.
CREATE FUNCTION talon_notify_truncate() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('talon_changes', json_build_object('kind', 'reset', 'table', TG_TABLE_NAME)::text);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_keys_truncated AFTER TRUNCATE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION talon_notify_truncate();
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION talon_notify_truncate();

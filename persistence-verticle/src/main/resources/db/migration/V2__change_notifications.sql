-- Every change that affects a key's validity is announced on the channel talon_changes, whoever made
-- it: a Talon node, the command line or an operator's psql. Each node listens and drops its cached
-- copies. last_used_at and updated_at alone are not such a change, so usage flushes stay silent.
CREATE FUNCTION talon_notify_key_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'key.created',
            'identifier', NEW.identifier, 'key_type', NEW.key_type, 'user_id', NEW.user_id)::text);
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'key.revoked', 'reason', 'deleted',
            'identifier', OLD.identifier, 'key_type', OLD.key_type, 'user_id', OLD.user_id)::text);
        RETURN OLD;
    END IF;
    IF (OLD.user_id, OLD.key_type, OLD.identifier, OLD.token_hash, OLD.allowed_ips, OLD.permissions,
        OLD.expires_at) IS DISTINCT FROM
       (NEW.user_id, NEW.key_type, NEW.identifier, NEW.token_hash, NEW.allowed_ips, NEW.permissions,
        NEW.expires_at) THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'key.revoked', 'reason', 'edited',
            'identifier', OLD.identifier, 'key_type', OLD.key_type, 'user_id', OLD.user_id)::text);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION talon_notify_key_change();

CREATE FUNCTION talon_notify_user_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'user.changed', 'change', 'deleted',
            'user_id', OLD.id)::text);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('talon_changes', json_build_object('kind', 'user.changed', 'change', 'updated',
        'user_id', NEW.id, 'root_admin', NEW.root_admin)::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION talon_notify_user_change();

-- Every change of a subuser seat is announced on talon_changes, whoever made it (the Client API, a
-- server or user deletion cascading, an operator's psql): each node republishes it as
-- talon.events.subuser.changed, for daemon connectors to revoke what they handed out (websocket
-- tokens). Talon itself caches no server access, so nothing else depends on it.
CREATE FUNCTION talon_notify_subuser_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'subuser.changed', 'change', 'created',
            'server_id', NEW.server_id, 'user_id', NEW.user_id, 'permissions', NEW.permissions)::text);
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'subuser.changed', 'change', 'deleted',
            'server_id', OLD.server_id, 'user_id', OLD.user_id, 'permissions', '[]'::jsonb)::text);
        RETURN OLD;
    END IF;
    IF (OLD.server_id, OLD.user_id) IS DISTINCT FROM (NEW.server_id, NEW.user_id) THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'subuser.changed', 'change', 'deleted',
            'server_id', OLD.server_id, 'user_id', OLD.user_id, 'permissions', '[]'::jsonb)::text);
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'subuser.changed', 'change', 'created',
            'server_id', NEW.server_id, 'user_id', NEW.user_id, 'permissions', NEW.permissions)::text);
    ELSIF OLD.permissions IS DISTINCT FROM NEW.permissions THEN
        PERFORM pg_notify('talon_changes', json_build_object('kind', 'subuser.changed', 'change', 'updated',
            'server_id', NEW.server_id, 'user_id', NEW.user_id, 'permissions', NEW.permissions)::text);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER subusers_changed AFTER INSERT OR UPDATE OR DELETE ON subusers
    FOR EACH ROW EXECUTE FUNCTION talon_notify_subuser_change();

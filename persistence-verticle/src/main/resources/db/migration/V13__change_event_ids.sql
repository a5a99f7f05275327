-- Every change notice carries an event_id, increasing in the order the changes were made, and the
-- database's own instance id, so that the nodes of a cluster (each hears every notice) can agree
-- which one of them publishes the public event on the whole cluster: each node still drops its own
-- caches, and every subscriber anywhere hears the event once (and can order events by event_id).
-- The notices are otherwise what V2, V3 and V11 sent.
CREATE SEQUENCE talon_change_events;

-- This database's identity (one row): claims of event ids are kept apart per database, whatever
-- host name each node uses to reach it.
CREATE TABLE talon_instance (
    id         UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    singleton  BOOLEAN     NOT NULL DEFAULT TRUE UNIQUE CHECK (singleton)
);
INSERT INTO talon_instance DEFAULT VALUES;

-- Runs with its owner's rights and search path: a role that may change users, keys or subusers
-- needs no grant on the sequence, and a session's search_path cannot redirect it.
CREATE FUNCTION talon_emit_change(change jsonb) RETURNS void
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM pg_notify('talon_changes',
        (change || jsonb_build_object('event_id', nextval('talon_change_events')))::text);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION talon_notify_key_change() RETURNS trigger SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'key.created',
            'identifier', NEW.identifier, 'key_type', NEW.key_type, 'user_id', NEW.user_id));
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'key.revoked', 'reason', 'deleted',
            'identifier', OLD.identifier, 'key_type', OLD.key_type, 'user_id', OLD.user_id));
        RETURN OLD;
    END IF;
    IF (OLD.user_id, OLD.key_type, OLD.identifier, OLD.token_hash, OLD.allowed_ips, OLD.permissions,
        OLD.expires_at) IS DISTINCT FROM
       (NEW.user_id, NEW.key_type, NEW.identifier, NEW.token_hash, NEW.allowed_ips, NEW.permissions,
        NEW.expires_at) THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'key.revoked', 'reason', 'edited',
            'identifier', OLD.identifier, 'key_type', OLD.key_type, 'user_id', OLD.user_id));
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION talon_notify_user_change() RETURNS trigger SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'user.changed', 'change', 'deleted',
            'user_id', OLD.id));
        RETURN OLD;
    END IF;
    PERFORM talon_emit_change(jsonb_build_object('kind', 'user.changed', 'change', 'updated',
        'user_id', NEW.id, 'root_admin', NEW.root_admin));
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION talon_notify_truncate() RETURNS trigger SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM talon_emit_change(jsonb_build_object('kind', 'reset', 'table', TG_TABLE_NAME));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION talon_notify_subuser_change() RETURNS trigger SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'subuser.changed', 'change', 'created',
            'server_id', NEW.server_id, 'user_id', NEW.user_id, 'permissions', NEW.permissions));
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'subuser.changed', 'change', 'deleted',
            'server_id', OLD.server_id, 'user_id', OLD.user_id, 'permissions', '[]'::jsonb));
        RETURN OLD;
    END IF;
    IF (OLD.server_id, OLD.user_id) IS DISTINCT FROM (NEW.server_id, NEW.user_id) THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'subuser.changed', 'change', 'deleted',
            'server_id', OLD.server_id, 'user_id', OLD.user_id, 'permissions', '[]'::jsonb));
        PERFORM talon_emit_change(jsonb_build_object('kind', 'subuser.changed', 'change', 'created',
            'server_id', NEW.server_id, 'user_id', NEW.user_id, 'permissions', NEW.permissions));
    ELSIF OLD.permissions IS DISTINCT FROM NEW.permissions THEN
        PERFORM talon_emit_change(jsonb_build_object('kind', 'subuser.changed', 'change', 'updated',
            'server_id', NEW.server_id, 'user_id', NEW.user_id, 'permissions', NEW.permissions));
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

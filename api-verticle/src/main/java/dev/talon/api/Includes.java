package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Resource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pterodactyl's {@code ?include=a,b} (or {@code include[]=a}) on Application API objects: each
 * requested relation lands inside {@code attributes.relationships.<name>} as a list or item envelope;
 * a relation the key may not read, or an item relation that resolves to nothing, is
 * {@code {"object":"null_resource","attributes":null}}. Dotted names nest to a depth of two
 * ({@code servers.node}); deeper parts are cut and unknown names ignored, as Pterodactyl does.
 *
 * <p>Every relation is loaded with one request per relation for all parents of a page: persistence
 * answers {@code {data: [{key, attributes}]}} for {@code {field, values}} (see ListQuery.related),
 * and children are grouped by {@code key} = the parent's {@code parentField}.
 */
final class Includes {

  /** Loads a relation for all parents at once: one envelope (item, list or null_resource) per parent. */
  @FunctionalInterface
  interface Loader {
    Future<List<JsonObject>> load(RoutingContext ctx, List<JsonObject> parents, long busTimeoutMs);
  }

  /**
   * A relation: the child {@code object} name, the resource a key must read ({@code null}: none), and
   * how to load it.
   */
  record Relation(String object, Resource acl, Loader loader) {
  }

  static final JsonObject NULL_RESOURCE = new JsonObject().put("object", "null_resource").putNull("attributes");

  /** Parent object name to relation name to relation. */
  private static final Map<String, Map<String, Relation>> CATALOG = new LinkedHashMap<>();

  static {
    relation("user", "servers", many("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "id", "owner_id"));

    relation("location", "nodes", many("node", Resource.NODES, Addresses.DB_NODE_BY, "id", "location_id"));
    relation("location", "servers", many("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "id", "location_id"));

    relation("node", "allocations", many("allocation", Resource.ALLOCATIONS, Addresses.DB_ALLOCATION_BY, "id", "node_id"));
    relation("node", "location", one("location", Resource.LOCATIONS, Addresses.DB_LOCATION_BY, "location_id", "id"));
    relation("node", "servers", many("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "id", "node_id"));

    // allocation attributes carry neither node nor server id: the stores join on the allocation's id
    relation("allocation", "node", one("node", Resource.NODES, Addresses.DB_NODE_BY, "id", "allocation_id"));
    relation("allocation", "server", one("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "id", "allocation_id"));

    relation("server", "allocations", many("allocation", Resource.ALLOCATIONS, Addresses.DB_ALLOCATION_BY, "id", "server_id"));
    relation("server", "user", one("user", Resource.USERS, Addresses.DB_USER_BY, "user", "id"));
    relation("server", "subusers", many("subuser", Resource.USERS, Addresses.DB_SUBUSER_BY, "id", "server_id"));
    relation("server", "nest", one("nest", Resource.NESTS, Addresses.DB_NEST_BY, "nest", "id"));
    relation("server", "egg", one("egg", Resource.EGGS, Addresses.DB_EGG_BY, "egg", "id"));
    relation("server", "variables", many("server_variable", Resource.SERVERS, Addresses.DB_SERVER_VARIABLE_BY, "id", "server_id"));
    relation("server", "location", one("location", Resource.LOCATIONS, Addresses.DB_LOCATION_BY, "node", "node_id"));
    relation("server", "node", one("node", Resource.NODES, Addresses.DB_NODE_BY, "node", "id"));
    // Pterodactyl names this list's items "databases" (plural)
    relation("server", "databases", many("databases", Resource.SERVER_DATABASES, Addresses.DB_DATABASE_BY, "id", "server_id"));

    relation("subuser", "user", one("user", Resource.USERS, Addresses.DB_USER_BY, "user_id", "id"));
    relation("subuser", "server", one("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "server_id", "id"));

    relation("nest", "eggs", many("egg", Resource.EGGS, Addresses.DB_EGG_BY, "id", "nest_id"));
    relation("nest", "servers", many("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "id", "nest_id"));

    relation("egg", "nest", one("nest", Resource.NESTS, Addresses.DB_NEST_BY, "nest", "id"));
    relation("egg", "servers", many("server", Resource.SERVERS, Addresses.DB_SERVER_BY, "id", "egg_id"));
    relation("egg", "variables", many("egg_variable", Resource.EGGS, Addresses.DB_EGG_VARIABLE_BY, "id", "egg_id"));
    // no ACL, an anonymous item ("object": null): the settings resolved through the egg this one
    // extends (config_from, copy_script_from); null_resource when it extends none
    relation("egg", "config", one(null, null, Addresses.DB_EGG_BY, "id", "config_of"));
    relation("egg", "script", one(null, null, Addresses.DB_EGG_BY, "id", "script_of"));

    relation("server_database", "host", one("database_host", Resource.DATABASE_HOSTS, Addresses.DB_DATABASE_HOST_BY, "host", "id"));
    relation("database_host", "databases", many("server_database", Resource.SERVER_DATABASES, Addresses.DB_DATABASE_BY, "id", "database_host_id"));
  }

  private Includes() {
  }

  /** Declares (or replaces) a relation; for loaders that are not a plain join, such as an egg's config. */
  static void relation(String parent, String name, Relation relation) {
    CATALOG.computeIfAbsent(parent, p -> new LinkedHashMap<>()).put(name, relation);
  }

  /** Children whose {@code childField} equals the parent's {@code parentField}, as a list. */
  static Relation many(String object, Resource acl, String address, String parentField, String childField) {
    return new Relation(object, acl, joined(object, address, parentField, childField, true));
  }

  /** The child whose {@code childField} equals the parent's {@code parentField}, or null_resource. */
  static Relation one(String object, Resource acl, String address, String parentField, String childField) {
    return new Relation(object, acl, joined(object, address, parentField, childField, false));
  }

  private static Loader joined(String object, String address, String parentField, String childField, boolean many) {
    return (ctx, parents, timeout) -> {
      Set<Object> keys = new LinkedHashSet<>();
      parents.forEach(p -> {
        Object key = p.getValue(parentField);
        if (key != null) {
          keys.add(key);
        }
      });
      Future<JsonObject> loaded = keys.isEmpty()
          ? Future.succeededFuture(new JsonObject().put("data", new JsonArray()))
          : Bus.request(ctx.vertx().eventBus(), address,
              new JsonObject().put("field", childField).put("values", new JsonArray(new ArrayList<>(keys))), timeout);
      return loaded.map(result -> {
        Map<String, List<JsonObject>> byKey = new LinkedHashMap<>();
        result.getJsonArray("data").forEach(row -> {
          JsonObject r = (JsonObject) row;
          byKey.computeIfAbsent(String.valueOf(r.getValue("key")), k -> new ArrayList<>()).add(r.getJsonObject("attributes"));
        });
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject parent : parents) {
          List<JsonObject> children = byKey.getOrDefault(String.valueOf(parent.getValue(parentField)), List.of());
          if (many) {
            out.add(new JsonObject().put("object", "list").put("data", envelopes(object, children)));
          } else {
            out.add(children.isEmpty() ? NULL_RESOURCE.copy() : Envelopes.item(object, children.get(0).copy()));
          }
        }
        return out;
      });
    };
  }

  private static JsonArray envelopes(String object, List<JsonObject> children) {
    JsonArray data = new JsonArray();
    // a child shared by several parents is copied, so each parent's nested includes stay its own
    children.forEach(c -> data.add(Envelopes.item(object, c.copy())));
    return data;
  }

  /** The relation names the request asks for, lower-cased, each cut to two levels. */
  static List<String> requested(RoutingContext ctx) {
    Set<String> names = new LinkedHashSet<>();
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      if (param.getKey().equals("include") || param.getKey().equals("include[]")) {
        for (String piece : param.getValue().split(",")) {
          String name = piece.strip().toLowerCase(Locale.ROOT);
          if (!name.isEmpty()) {
            String[] parts = name.split("\\.");
            names.add(parts.length > 2 ? parts[0] + "." + parts[1] : name);
          }
        }
      }
    }
    return new ArrayList<>(names);
  }

  /** Applies the request's includes to {@code items} (attributes of {@code object}), in place. */
  static Future<Void> apply(RoutingContext ctx, String object, List<JsonObject> items, long busTimeoutMs) {
    List<String> names = requested(ctx);
    if (names.isEmpty() || items.isEmpty()) {
      return Future.succeededFuture();
    }
    return apply(ctx, object, items, names, busTimeoutMs);
  }

  private static Future<Void> apply(RoutingContext ctx, String object, List<JsonObject> items, List<String> names,
      long busTimeoutMs) {
    Map<String, Relation> relations = CATALOG.getOrDefault(object, Map.of());
    Map<String, List<String>> nested = new LinkedHashMap<>();
    for (String name : names) {
      int dot = name.indexOf('.');
      String head = dot < 0 ? name : name.substring(0, dot);
      if (relations.containsKey(head)) {
        List<String> sub = nested.computeIfAbsent(head, h -> new ArrayList<>());
        if (dot >= 0) {
          sub.add(name.substring(dot + 1));
        }
      }
    }
    // relations appear in the order asked for, whichever loads first
    for (JsonObject item : items) {
      nested.keySet().forEach(name -> relationships(item).putNull(name));
    }
    List<Future<Void>> loads = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : nested.entrySet()) {
      Relation relation = relations.get(entry.getKey());
      if (relation.acl() != null && !KeyAuthentication.required(relation.acl(), "GET").match(ctx.user())) {
        items.forEach(item -> relationships(item).put(entry.getKey(), NULL_RESOURCE.copy()));
        continue;
      }
      loads.add(relation.loader().load(ctx, items, busTimeoutMs).compose(envelopes -> {
        List<JsonObject> children = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          JsonObject envelope = envelopes.get(i);
          relationships(items.get(i)).put(entry.getKey(), envelope);
          children.addAll(attributesOf(envelope));
        }
        return entry.getValue().isEmpty() || children.isEmpty() ? Future.<Void>succeededFuture()
            : apply(ctx, relation.object(), children, entry.getValue(), busTimeoutMs);
      }));
    }
    return Future.all(loads).mapEmpty();
  }

  private static List<JsonObject> attributesOf(JsonObject envelope) {
    List<JsonObject> out = new ArrayList<>();
    if ("list".equals(envelope.getString("object"))) {
      envelope.getJsonArray("data").forEach(e -> out.add(((JsonObject) e).getJsonObject("attributes")));
    } else if (envelope.getValue("attributes") instanceof JsonObject attributes) {
      out.add(attributes);
    }
    return out;
  }

  private static JsonObject relationships(JsonObject attributes) {
    JsonObject relationships = attributes.getJsonObject("relationships");
    if (relationships == null) {
      relationships = new JsonObject();
      attributes.put("relationships", relationships);
    }
    return relationships;
  }
}

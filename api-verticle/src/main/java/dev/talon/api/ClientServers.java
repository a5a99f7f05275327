package dev.talon.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The Client API's objects (Pterodactyl's client transformers): {@code server} with its
 * relationships and meta, {@code allocation}, {@code egg_variable}, {@code server_subuser}, and the
 * startup command as a caller may see it. What a caller sees depends on its permissions on the server.
 */
final class ClientServers {

  static final String HIDDEN = "[hidden]";

  private ClientServers() {
  }

  /**
   * One server as persistence described it (see ClientServerStore), for this caller:
   * {@code {object: server, attributes, meta: {is_server_owner, user_permissions}}}.
   */
  static JsonObject item(JsonObject server, ServerCaller caller, List<String> includes) {
    return Envelopes.item("server", attributes(server, caller, includes)).put("meta", meta(caller));
  }

  static JsonObject meta(ServerCaller caller) {
    return new JsonObject().put("is_server_owner", caller.owner()).put("user_permissions", caller.userPermissions());
  }

  private static JsonObject attributes(JsonObject s, ServerCaller caller, List<String> includes) {
    JsonObject node = s.getJsonObject("node");
    JsonArray allocations = s.getJsonArray("allocations", new JsonArray());
    JsonArray variables = s.getJsonArray("variables", new JsonArray());
    JsonObject primary = primary(allocations);
    String status = s.getString("status");
    JsonObject relationships = new JsonObject()
        .put("allocations", allocations(allocations, caller))
        .put("variables", caller.can("startup.read") ? list("egg_variable", viewable(variables)) : nullResource());
    if (includes.contains("egg")) {
      relationships.put("egg", Envelopes.item("egg", s.getJsonObject("egg").copy()));
    }
    if (includes.contains("subusers")) {
      relationships.put("subusers", caller.can("user.read")
          ? list("server_subuser", subusers(s.getJsonArray("subusers", new JsonArray()))) : nullResource());
    }
    return new JsonObject()
        .put("server_owner", caller.owner())
        .put("identifier", s.getString("identifier"))
        .put("internal_id", s.getInteger("id"))
        .put("uuid", s.getString("uuid"))
        .put("name", s.getString("name"))
        .put("node", node.getString("name"))
        .put("is_node_under_maintenance", node.getBoolean("maintenance"))
        .put("sftp_details", new JsonObject().put("ip", node.getString("fqdn")).put("port", node.getInteger("sftp_port")))
        .put("description", s.getString("description"))
        .put("limits", new JsonObject()
            .put("memory", s.getInteger("memory"))
            .put("swap", s.getInteger("swap"))
            .put("disk", s.getInteger("disk"))
            .put("io", s.getInteger("io"))
            .put("cpu", s.getInteger("cpu"))
            .put("threads", s.getString("threads"))
            .put("oom_disabled", s.getBoolean("oom_disabled")))
        .put("invocation", invocation(s.getString("startup"), s.getInteger("memory"),
            primary == null ? null : primary.getString("ip"), primary == null ? null : primary.getInteger("port"),
            variables, !caller.can("startup.read")))
        .put("docker_image", s.getString("image"))
        .put("egg_features", s.getValue("egg_features"))
        .put("feature_limits", new JsonObject()
            .put("databases", s.getInteger("database_limit"))
            .put("allocations", s.getInteger("allocation_limit"))
            .put("backups", s.getInteger("backup_limit")))
        .put("status", status)
        .put("is_suspended", "suspended".equals(status))
        .put("is_installing", "installing".equals(status) || "install_failed".equals(status))
        .put("is_transferring", false)
        .put("relationships", relationships);
  }

  private static JsonObject primary(JsonArray allocations) {
    for (Object a : allocations) {
      if (((JsonObject) a).getBoolean("is_default", false)) {
        return (JsonObject) a;
      }
    }
    return null;
  }

  /** Every allocation with allocation.read; otherwise the primary one alone, its notes hidden. */
  private static JsonObject allocations(JsonArray allocations, ServerCaller caller) {
    JsonArray out = new JsonArray();
    if (caller.can("allocation.read")) {
      allocations.forEach(a -> out.add(((JsonObject) a).copy()));
    } else {
      JsonObject primary = primary(allocations);
      if (primary != null) {
        out.add(primary.copy().putNull("notes"));
      }
    }
    return list("allocation", out);
  }

  /** The variables a user may see, as client {@code egg_variable} attributes. */
  static JsonArray viewable(JsonArray variables) {
    JsonArray out = new JsonArray();
    variables.forEach(v -> {
      JsonObject variable = (JsonObject) v;
      if (variable.getBoolean("user_viewable", false)) {
        out.add(eggVariable(variable));
      }
    });
    return out;
  }

  static JsonObject eggVariable(JsonObject v) {
    return new JsonObject()
        .put("name", v.getString("name"))
        .put("description", v.getString("description"))
        .put("env_variable", v.getString("env_variable"))
        .put("default_value", v.getString("default_value"))
        .put("server_value", v.getValue("server_value"))
        .put("is_editable", v.getBoolean("user_editable"))
        .put("rules", v.getString("rules"));
  }

  /**
   * The startup command with {@code {{SERVER_MEMORY}}}, {@code {{SERVER_IP}}}, {@code {{SERVER_PORT}}}
   * and each {@code {{ENV}}} replaced in turn, as Pterodactyl's str_replace does: a variable's server
   * value or default, {@code [hidden]} when users may not see it, and for all of them when {@code hideAll}.
   */
  static String invocation(String startup, Integer memory, String ip, Integer port, JsonArray variables,
      boolean hideAll) {
    String out = startup == null ? "" : startup;
    out = out.replace("{{SERVER_MEMORY}}", String.valueOf(memory))
        .replace("{{SERVER_IP}}", ip == null ? "" : ip)
        .replace("{{SERVER_PORT}}", port == null ? "" : String.valueOf(port));
    for (Object o : variables) {
      JsonObject v = (JsonObject) o;
      String value = v.getString("server_value");
      if (value == null) {
        value = v.getString("default_value", "");
      }
      boolean shown = v.getBoolean("user_viewable", false) && !hideAll;
      out = out.replace("{{" + v.getString("env_variable") + "}}", shown ? value : HIDDEN);
    }
    return out;
  }

  static JsonArray subusers(JsonArray seats) {
    JsonArray out = new JsonArray();
    seats.forEach(s -> out.add(subuser((JsonObject) s)));
    return out;
  }

  /** The client {@code server_subuser} object: the user, with a Gravatar address, and the seat's permissions. */
  static JsonObject subuser(JsonObject seat) {
    String email = seat.getString("email");
    return new JsonObject()
        .put("uuid", seat.getString("uuid"))
        .put("username", seat.getString("username"))
        .put("email", email)
        .put("image", "https://gravatar.com/avatar/" + md5(email.toLowerCase(Locale.ROOT)))
        .put("2fa_enabled", seat.getBoolean("use_totp", false))
        .put("created_at", seat.getString("created_at"))
        .put("permissions", seat.getJsonArray("permissions", new JsonArray()));
  }

  static String md5(String text) {
    return hexDigest("MD5", text);
  }

  /** As PHP's {@code sha1()}: the lowercase hex SHA-1 of the text's UTF-8 bytes. */
  static String sha1(String text) {
    return hexDigest("SHA-1", text);
  }

  private static String hexDigest(String algorithm, String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + algorithm, e);
    }
  }

  static JsonObject list(String object, JsonArray attributes) {
    JsonArray data = new JsonArray();
    attributes.forEach(a -> data.add(Envelopes.item(object, (JsonObject) a)));
    return new JsonObject().put("object", "list").put("data", data);
  }

  private static JsonObject nullResource() {
    return Includes.NULL_RESOURCE.copy();
  }
}

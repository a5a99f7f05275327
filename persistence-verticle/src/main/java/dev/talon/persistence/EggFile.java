package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An egg as Pterodactyl exports it ({@code PTDL_v1} or {@code PTDL_v2}), checked and turned into the
 * columns Talon stores. The two versions differ in the images: v1 has {@code image} or an
 * {@code images} list (each image becomes its own display name, as Pterodactyl's importer does), v2 a
 * {@code docker_images} map. {@code config.files}, {@code config.startup} and {@code config.logs} are
 * JSON texts in both; a variable's {@code field_type} is ignored.
 *
 * <p>The checks are Pterodactyl's model rules (its importer saves through them): a name, an author
 * e-mail, at least one image, a startup command, JSON in the config texts, and variables with a name
 * and an environment name that is a word and not one the daemon sets itself.
 */
final class EggFile {

  static final List<String> VERSIONS = List.of("PTDL_v1", "PTDL_v2");
  private static final Pattern ENV_NAME = Pattern.compile("^\\w{1,191}$");
  private static final Set<String> RESERVED_ENV_NAMES = Set.of("SERVER_MEMORY", "SERVER_IP", "SERVER_PORT", "ENV",
      "HOME", "USER", "STARTUP", "SERVER_UUID", "UUID");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

  private EggFile() {
  }

  /**
   * Answers {@code {uuid (null when the file has none), name, author, description, features,
   * docker_images, file_denylist, update_url, config_files, config_startup, config_logs, config_stop,
   * startup, script_install, script_entry, script_container, variables: [{name, description,
   * env_variable, default_value, user_viewable, user_editable, rules}]}}; throws a validation failure
   * naming every problem, or a 400 when the file is not an egg export at all.
   */
  static JsonObject parse(JsonObject file) {
    Object meta = file.getValue("meta");
    Object version = meta instanceof JsonObject m ? m.getValue("version") : null;
    if (!VERSIONS.contains(version)) {
      throw TalonException.named(Failure.DISPLAY, "InvalidFileUploadException",
          "The JSON file provided is not in a format that can be recognized.");
    }
    ValidationErrors errors = new ValidationErrors();
    JsonObject egg = new JsonObject()
        .put("uuid", uuid(file, errors))
        .put("name", errors.text(file, "name", "name", true, 191))
        .put("author", author(file, errors))
        .put("description", string(file, "description", errors))
        .put("features", strings(file, "features", errors))
        .put("docker_images", images(file, "PTDL_v1".equals(version), errors));
    JsonArray denylist = strings(file, "file_denylist", errors);
    JsonArray kept = new JsonArray();
    if (denylist != null) {
      denylist.forEach(entry -> {
        if (!((String) entry).isEmpty()) {
          kept.add(entry);
        }
      });
    }
    egg.put("file_denylist", kept)
        .put("update_url", string((JsonObject) meta, "update_url", errors));
    JsonObject config = object(file, "config", errors);
    egg.put("config_files", jsonText(config, "files", "config.files", errors))
        .put("config_startup", jsonText(config, "startup", "config.startup", errors))
        .put("config_logs", jsonText(config, "logs", "config.logs", errors))
        .put("config_stop", errors.text(config, "stop", "config.stop", false, 191))
        .put("startup", errors.text(file, "startup", "startup", true, Integer.MAX_VALUE));
    JsonObject scripts = object(file, "scripts", errors);
    JsonObject installation = object(scripts, "installation", errors);
    String script = string(installation, "script", errors);
    String entry = errors.text(installation, "entrypoint", "scripts.installation.entrypoint", false, 191);
    String container = errors.text(installation, "container", "scripts.installation.container", false, 191);
    egg.put("script_install", script == null || script.isBlank() ? null : script)
        .put("script_entry", entry == null ? "ash" : entry)
        .put("script_container", container == null ? "alpine:3.4" : container)
        .put("variables", variables(file, errors));
    errors.throwIfAny();
    return egg;
  }

  private static String uuid(JsonObject file, ValidationErrors errors) {
    Object value = file.getValue("uuid");
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(String.valueOf(value)).toString();
    } catch (IllegalArgumentException e) {
      errors.add("uuid", "uuid", "The uuid must be a valid UUID.");
      return null;
    }
  }

  private static String author(JsonObject file, ValidationErrors errors) {
    String author = errors.text(file, "author", "author", true, 191);
    if (author != null && !EMAIL.matcher(author).matches()) {
      errors.add("author", "email", "The author must be a valid email address.");
    }
    return author;
  }

  /** A nullable string of any length. */
  private static String string(JsonObject body, String field, ValidationErrors errors) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      errors.add(field, "string", "The " + field + " must be a string.");
      return null;
    }
    return (String) value;
  }

  /** A nullable list of strings. */
  private static JsonArray strings(JsonObject body, String field, ValidationErrors errors) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonArray list && list.stream().allMatch(String.class::isInstance)) {
      return list;
    }
    errors.add(field, "array", "The " + field + " must be a list of strings.");
    return null;
  }

  /** A nested object; absent counts as empty. */
  private static JsonObject object(JsonObject body, String field, ValidationErrors errors) {
    Object value = body.getValue(field);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    errors.add(field, "array", "The " + field + " must be an object.");
    return new JsonObject();
  }

  /** Display name to image; v1's images are named after themselves. */
  private static JsonObject images(JsonObject file, boolean v1, ValidationErrors errors) {
    JsonObject images = new JsonObject();
    if (v1) {
      Object list = file.getValue("images");
      Object single = file.getValue("image");
      if (list instanceof JsonArray array) {
        array.forEach(image -> {
          if (image instanceof String s && !s.isBlank()) {
            images.put(s.strip(), s.strip());
          }
        });
      } else if (single instanceof String s && !s.isBlank()) {
        images.put(s.strip(), s.strip());
      }
    } else if (file.getValue("docker_images") instanceof JsonObject map) {
      map.forEach(image -> {
        if (image.getValue() instanceof String s && !s.isBlank()) {
          images.put(image.getKey(), s.strip());
        } else {
          errors.add("docker_images." + image.getKey(), "string", "The docker_images." + image.getKey()
              + " must be an image name.");
        }
      });
    }
    if (images.isEmpty()) {
      errors.add(v1 ? "images" : "docker_images", "required", "The egg names no Docker image.");
    }
    return images;
  }

  /** A JSON text (as exports carry it) or a JSON value (written by hand), stored as text; may be absent. */
  private static String jsonText(JsonObject config, String field, String path, ValidationErrors errors) {
    Object value = config.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      try {
        Json.decodeValue(text);
        return text;
      } catch (DecodeException e) {
        errors.add(path, "json", "The " + path + " must be a valid JSON string.");
        return null;
      }
    }
    return Json.encode(value);
  }

  private static JsonArray variables(JsonObject file, ValidationErrors errors) {
    JsonArray out = new JsonArray();
    Object value = file.getValue("variables");
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray list)) {
      errors.add("variables", "array", "The variables must be a list.");
      return out;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "variables." + i;
      if (!(list.getValue(i) instanceof JsonObject variable)) {
        errors.add(path, "array", "The " + path + " must be an object.");
        continue;
      }
      String name = errors.text(variable, "name", path + ".name", true, 191);
      String env = errors.text(variable, "env_variable", path + ".env_variable", true, 191);
      if (env != null && (!ENV_NAME.matcher(env).matches() || RESERVED_ENV_NAMES.contains(env))) {
        errors.add(path + ".env_variable", "regex", "The " + path + ".env_variable " + env
            + " is not a word, or is a name the daemon sets itself.");
      } else if (env != null && !seen.add(env)) {
        errors.add(path + ".env_variable", "distinct", "The " + path + ".env_variable " + env + " appears twice.");
      }
      out.add(new JsonObject()
          .put("name", name)
          .put("description", scalar(variable.getValue("description")))
          .put("env_variable", env)
          .put("default_value", scalar(variable.getValue("default_value")))
          .put("user_viewable", flag(variable.getValue("user_viewable")))
          .put("user_editable", flag(variable.getValue("user_editable")))
          .put("rules", rules(variable.getValue("rules"))));
    }
    return out;
  }

  /** Exports hold numbers and booleans here too; missing is empty, as Pterodactyl stores it. */
  private static String scalar(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  /** {@code true}, {@code 1} or {@code "1"}: older exports write booleans as numbers. */
  private static boolean flag(Object value) {
    return Boolean.TRUE.equals(value) || (value instanceof Number n && n.intValue() == 1) || "1".equals(value)
        || "true".equals(value);
  }

  /** Laravel's rule string; a list of rules (newer exports) is joined as one. */
  private static String rules(Object value) {
    if (value instanceof JsonArray list) {
      StringBuilder out = new StringBuilder();
      list.forEach(rule -> out.append(out.length() == 0 ? "" : "|").append(rule));
      return out.toString();
    }
    return value == null ? "nullable|string" : String.valueOf(value);
  }
}

package dev.talon.launcher;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Talon's configuration, in three layers: the defaults of {@code conf/config.yaml} (a copy ships in
 * the jar; the file on disk, when present, is read over it), {@code TALON_*} environment variables,
 * then command-line overrides. An environment variable is named after the setting's path:
 * {@code TALON_} + upper case, dots and dashes as underscores; its value takes the default's type.
 */
public final class TalonConfig {

  static final String DEFAULTS_RESOURCE = "talon-defaults/config.yaml";
  static final String ENV_PREFIX = "TALON_";

  private TalonConfig() {
  }

  /** Where Talon keeps its files: {@code TALON_HOME}, else the working directory. */
  public static Path home() {
    String home = System.getenv("TALON_HOME");
    return Path.of(home == null || home.isBlank() ? "." : home);
  }

  public static Future<JsonObject> load(Vertx vertx, Path configFile, Map<String, String> env, JsonObject overrides) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0)
        .addStore(yaml(DEFAULTS_RESOURCE, false));
    Path file = configFile != null ? configFile : home().resolve("conf/config.yaml");
    if (Files.isRegularFile(file)) {
      options.addStore(yaml(file.toString(), false));
    } else if (configFile != null) {
      return Future.failedFuture(new IllegalArgumentException("Configuration file not found: " + configFile));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(conf -> {
          applyEnvironment(conf, "", conf, env);
          overrides.forEach(e -> set(conf, e.getKey(), String.valueOf(e.getValue())));
          return conf;
        });
  }

  private static ConfigStoreOptions yaml(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("yaml").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  /** Overrides each leaf that has a {@code TALON_...} variable. */
  private static void applyEnvironment(JsonObject root, String prefix, JsonObject node, Map<String, String> env) {
    for (String key : node.fieldNames().toArray(new String[0])) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = node.getValue(key);
      if (value instanceof JsonObject child) {
        applyEnvironment(root, path, child, env);
        continue;
      }
      String name = envName(path);
      if (env.containsKey(name)) {
        set(root, path, env.get(name));
      }
    }
  }

  public static String envName(String path) {
    return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Sets a dotted path, converting the text to the type of the value it replaces. */
  public static void set(JsonObject root, String path, String text) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    String leaf = parts[parts.length - 1];
    Object current = node.getValue(leaf);
    try {
      if (current instanceof Integer) {
        node.put(leaf, Integer.parseInt(text.strip()));
      } else if (current instanceof Long) {
        node.put(leaf, Long.parseLong(text.strip()));
      } else if (current instanceof Boolean) {
        node.put(leaf, Boolean.parseBoolean(text.strip()));
      } else if (current instanceof JsonArray) {
        node.put(leaf, new JsonArray(java.util.List.of(text.split(","))));
      } else {
        node.put(leaf, text);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Setting " + path + " needs a number, not \"" + text + "\"");
    }
  }
}

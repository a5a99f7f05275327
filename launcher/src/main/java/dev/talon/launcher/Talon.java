package dev.talon.launcher;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Resource;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code talon} command line: serve, migrate, user:make, key:make, key:revoke, egg:import. */
@Command(name = "talon", mixinStandardHelpOptions = true, version = "Talon 0.1.0",
    description = "API-key secured, Pterodactyl-compatible panel backend.",
    subcommands = {Talon.Serve.class, Talon.Migrate.class, Talon.UserMake.class, Talon.KeyMake.class,
        Talon.KeyRevoke.class, Talon.EggImport.class})
public final class Talon implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Talon.class);

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command; returns its exit code. Failures print one line, {@code error: ...}, to stderr. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Talon());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      System.err.println("error: " + describe(e));
      return 1;
    });
    return cli.execute(args);
  }

  static String describe(Throwable e) {
    if (e instanceof TalonException te) {
      if (!te.errors().isEmpty()) {
        StringBuilder out = new StringBuilder();
        te.errors().forEach(o -> {
          JsonObject err = (JsonObject) o;
          out.append(out.length() == 0 ? "" : "; ").append(err.getString("detail"));
        });
        return out.toString();
      }
      return te.detail();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Options every command shares. */
  static class Common {
    @Option(names = "--config", description = "Configuration file (default: conf/config.yaml)")
    Path config;

    @Option(names = "--set", description = "Override a setting, e.g. --set db.uri=postgresql://...")
    Map<String, String> overrides = new java.util.LinkedHashMap<>();

    JsonObject overrides() {
      JsonObject o = new JsonObject();
      overrides.forEach(o::put);
      return o;
    }
  }

  /** Reads the configuration with a short-lived Vert.x (the real one may depend on it: clustering). */
  static JsonObject loadConfig(Common common) {
    Vertx reader = Vertx.vertx();
    try {
      return TalonConfig.load(reader, common.config, System.getenv(), common.overrides()).await();
    } finally {
      reader.close().await();
    }
  }

  /** Runs {@code work} with the tool verticles deployed and closes everything afterwards. */
  static int withTools(Common common, BiFunction<Vertx, JsonObject, Future<String>> work) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject conf = TalonConfig.load(vertx, common.config, System.getenv(), common.overrides()).await();
      byte[] secret = ServerSecret.load(conf);
      TalonNode tools = TalonNode.startTools(vertx, conf, secret).await();
      try {
        String out = work.apply(vertx, conf).await();
        if (out != null) {
          System.out.println(out);
        }
        return 0;
      } finally {
        tools.stop().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Create the database when missing, migrate, and serve HTTP.")
  static class Serve implements Callable<Integer> {
    @CommandLine.Mixin
    Common common = new Common();

    @Option(names = "--port", description = "HTTP port (default 8080, TALON_HTTP_PORT)")
    Integer port;

    @Option(names = "--cluster", description = "Join a Vert.x cluster on Hazelcast (see cluster.* settings)")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
      if (port != null) {
        common.overrides.put("http.port", String.valueOf(port));
      }
      if (cluster) {
        common.overrides.put("cluster.enabled", "true");
      }
      JsonObject conf = loadConfig(common);
      Vertx vertx = Cluster.vertx(conf).await();
      TalonNode node;
      try {
        byte[] secret = ServerSecret.load(conf);
        node = TalonNode.start(vertx, conf, secret).await();
      } catch (Exception e) {
        vertx.close().await();
        throw e;
      }
      JsonObject http = conf.getJsonObject("http");
      LOG.info("Talon is serving on http://{}:{}{}", http.getString("host"), http.getInteger("port"),
          Cluster.enabled(conf) ? " as a member of cluster " + conf.getJsonObject("cluster").getString("name") : "");
      Object stopped = new Object();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("Shutting down: finishing requests and writing the last usage batch");
        node.stop().eventually(vertx::close).await();
        synchronized (stopped) {
          stopped.notifyAll();
        }
      }, "talon-shutdown"));
      synchronized (stopped) {
        stopped.wait();
      }
      return 0;
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply migrations and exit.")
  static class Migrate implements Callable<Integer> {
    @CommandLine.Mixin
    Common common = new Common();

    @Override
    public Integer call() throws Exception {
      return withTools(common, (vertx, conf) -> Future.succeededFuture("Database is up to date."));
    }
  }

  @Command(name = "user:make", mixinStandardHelpOptions = true, description = "Create a user and print its id.")
  static class UserMake implements Callable<Integer> {
    @CommandLine.Mixin
    Common common = new Common();

    @Option(names = "--email", required = true)
    String email;

    @Option(names = "--username", required = true)
    String username;

    @Option(names = "--password", required = true, description = "The password (hashed with bcrypt)")
    String password;

    @Option(names = "--admin", description = "Make the user a root administrator")
    boolean admin;

    @Option(names = "--first-name")
    String firstName;

    @Option(names = "--last-name")
    String lastName;

    @Override
    public Integer call() throws Exception {
      JsonObject user = new JsonObject().put("email", email).put("username", username).put("password", password)
          .put("root_admin", admin).put("first_name", firstName).put("last_name", lastName);
      return withTools(common, (vertx, conf) -> Bus.request(vertx.eventBus(), Addresses.AUTH_USER_CREATE, user,
          conf.getLong("bus-timeout-ms", 5000L) + 30_000).map(created -> String.valueOf(created.getInteger("id"))));
    }
  }

  @Command(name = "key:make", mixinStandardHelpOptions = true,
      description = "Create an API key and print the full 53-character key alone on stdout.")
  static class KeyMake implements Callable<Integer> {
    @CommandLine.Mixin
    Common common = new Common();

    @Option(names = "--user", required = true, description = "User id or username")
    String user;

    @Option(names = "--type", required = true, description = "application or client")
    String type;

    @Option(names = "--description", required = true)
    String description;

    @Option(names = "--permissions", description = "users=3,servers=1,... or all=3 (application keys)")
    String permissions;

    @Option(names = "--allowed-ips", description = "Comma-separated addresses or CIDR ranges")
    String allowedIps;

    @Option(names = "--expires-at", description = "ISO-8601 date-time with offset, in the future")
    String expiresAt;

    @Override
    public Integer call() throws Exception {
      JsonObject levels = parsePermissions(permissions);
      return withTools(common, (vertx, conf) -> {
        long timeout = conf.getLong("bus-timeout-ms", 5000L);
        JsonObject who = user.matches("\\d+") ? new JsonObject().put("id", Integer.parseInt(user))
            : new JsonObject().put("login", user);
        return Bus.request(vertx.eventBus(), Addresses.DB_USER_FIND, who, timeout).compose(found -> {
          if (found == null) {
            return Future.failedFuture(new IllegalArgumentException("No user " + user + " exists."));
          }
          JsonObject request = new JsonObject().put("user_id", found.getInteger("id")).put("type", type)
              .put("description", description).put("allowed_ips", allowedIps).put("expires_at", expiresAt)
              .put("permissions", levels);
          return Bus.request(vertx.eventBus(), Addresses.AUTH_KEY_CREATE, request, timeout)
              .map(created -> created.getJsonObject("key").getString("identifier") + created.getString("secret_token"));
        });
      });
    }

    static JsonObject parsePermissions(String text) {
      JsonObject levels = new JsonObject();
      if (text == null || text.isBlank()) {
        return levels;
      }
      for (String pair : text.split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2 || !kv[1].strip().matches("[0-3]")) {
          throw new IllegalArgumentException("--permissions takes resource=level pairs with levels 0-3, not \"" + pair + "\"");
        }
        String name = kv[0].strip();
        int level = Integer.parseInt(kv[1].strip());
        if (name.equals("all")) {
          for (Resource r : Resource.values()) {
            levels.put(r.jsonName(), level);
          }
        } else if (Resource.ofJson(name) != null) {
          levels.put(name, level);
        } else {
          throw new IllegalArgumentException("Unknown resource \"" + name + "\" in --permissions");
        }
      }
      return levels;
    }
  }

  @Command(name = "key:revoke", mixinStandardHelpOptions = true, description = "Revoke a key on every node.")
  static class KeyRevoke implements Callable<Integer> {
    @CommandLine.Mixin
    Common common = new Common();

    @Parameters(index = "0", description = "The key's identifier (ptla_/ptlc_ and 16 characters)")
    String identifier;

    @Override
    public Integer call() throws Exception {
      String id = identifier.length() > 21 ? identifier.substring(0, 21) : identifier;
      return withTools(common, (vertx, conf) -> Bus.request(vertx.eventBus(), Addresses.AUTH_KEY_REVOKE,
              new JsonObject().put("identifier", id), conf.getLong("bus-timeout-ms", 5000L))
          .map(revoked -> "Revoked " + revoked.getString("identifier")));
    }
  }

  @Command(name = "egg:import", mixinStandardHelpOptions = true,
      description = "Import a Pterodactyl egg export (PTDL_v1 or PTDL_v2); importing it again updates it.")
  static class EggImport implements Callable<Integer> {
    @CommandLine.Mixin
    Common common = new Common();

    @Parameters(index = "0", description = "The egg's JSON file, as Pterodactyl exports it")
    Path file;

    @Option(names = "--nest", description = "Nest id for a new egg (default: a nest named \"Imported\", made on first use)")
    Integer nest;

    @Override
    public Integer call() throws Exception {
      JsonObject egg = read(file);
      JsonObject request = new JsonObject().put("egg", egg).put("nest_id", nest);
      return withTools(common, (vertx, conf) -> Bus.request(vertx.eventBus(), Addresses.EGG_IMPORT, request,
              conf.getLong("bus-timeout-ms", 5000L))
          .recover(t -> Future.failedFuture(new IllegalArgumentException(file + ": " + describe(t))))
          .map(imported -> {
            JsonObject attributes = imported.getJsonObject("egg");
            return (imported.getBoolean("created") ? "Imported" : "Updated") + " egg " + attributes.getInteger("id")
                + " (" + attributes.getString("name") + ") in nest " + attributes.getInteger("nest");
          }));
    }

    static JsonObject read(Path file) {
      String text;
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("No file " + file + " exists.");
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage());
      }
      try {
        return new JsonObject(text);
      } catch (DecodeException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        throw new IllegalArgumentException(file + " is not a JSON object: " + reason);
      }
    }
  }
}

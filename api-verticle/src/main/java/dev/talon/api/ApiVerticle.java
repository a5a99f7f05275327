package dev.talon.api;

import dev.talon.contracts.Resource;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Owns HTTP: routing, the order of checks on every route (body, authentication, authorization, JSON
 * body, handler), Pterodactyl's JSON shapes and the error envelope. Deploy one instance per core;
 * all instances share the port and the {@link RateLimiter} given to them.
 *
 * <p>Configuration: {@code port}, {@code host}, {@code body-limit} (bytes), {@code bus-timeout-ms},
 * {@code trusted-proxies} (addresses or CIDR ranges), {@code host-timeout-ms} (persistence's deadline
 * for one operation on a database host), {@code web.sign-in-requests-per-ip} and
 * {@code web.sign-in-window-seconds} (see {@link SignInThrottle}).
 */
public class ApiVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final RateLimiter rateLimiter;
  private HttpServer server;
  private long sweepTimer = -1;

  public ApiVerticle(RateLimiter rateLimiter) {
    this.rateLimiter = rateLimiter;
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    long busTimeout = conf.getLong("bus-timeout-ms", 5000L);
    // persistence answers a request that waits on a database host within four of its deadlines
    long hostBusTimeout = busTimeout + 4 * conf.getLong("host-timeout-ms", 2000L);
    ClientAddress clientAddress = new ClientAddress(strings(conf.getValue("trusted-proxies")));
    SessionCookie sessions = new SessionCookie(busTimeout, clientAddress);
    KeyAuthentication keys = new KeyAuthentication(busTimeout, clientAddress, rateLimiter, sessions);
    SimpleAuthenticationHandler clientAuth = keys.handlerFor(KeyAuthentication.CLIENT_API);
    SimpleAuthenticationHandler applicationAuth = keys.handlerFor(KeyAuthentication.APPLICATION_API);

    Router router = Router.router(vertx);
    ErrorRenderer errors = new ErrorRenderer();
    // pages and their assets are HTML, CSS and scripts: mounted ahead of the JSON-only rule
    WebPages.mount(router, sessions);
    router.route().handler(new ContentNegotiation());
    // only requests that may carry a body read one; GET bodies (some clients send "null") are ignored
    BodyHandler body = BodyHandler.create(false).setBodyLimit(conf.getLong("body-limit", 1_048_576L));
    router.route().handler(ctx -> {
      HttpMethod method = ctx.request().method();
      if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
        ctx.next();
      } else {
        body.handle(ctx);
      }
    });
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 415, 500, 503}) {
      router.errorHandler(status, errors);
    }

    HealthRoutes health = new HealthRoutes(busTimeout);
    router.get("/health").handler(health::ready);
    router.get("/health/live").handler(health::live);
    router.get("/metrics").handler(health::metrics);

    JsonObject web = conf.getJsonObject("web", new JsonObject());
    SignInThrottle signInThrottle = SignInThrottle.of(vertx, web.getInteger("sign-in-requests-per-ip", 60),
        web.getInteger("sign-in-window-seconds", 60));
    SignInRoutes signIn = new SignInRoutes(busTimeout, clientAddress, sessions, signInThrottle);
    router.get("/auth/session").handler(signIn::session);
    router.post("/auth/login").handler(new JsonBody()).handler(signIn::signIn);
    router.post("/auth/logout").handler(signIn::signOut);

    AccountRoutes account = new AccountRoutes(busTimeout, clientAddress);
    client(router, clientAuth, HttpMethod.GET, "/api/client/account", account::account);
    client(router, clientAuth, HttpMethod.GET, "/api/client/account/api-keys", account::listKeys);
    client(router, clientAuth, HttpMethod.POST, "/api/client/account/api-keys", account::createKey);
    client(router, clientAuth, HttpMethod.DELETE, "/api/client/account/api-keys/:identifier", account::deleteKey);
    client(router, clientAuth, HttpMethod.PUT, "/api/client/account/email", account::updateEmail);
    client(router, clientAuth, HttpMethod.PUT, "/api/client/account/password", account::updatePassword);
    client(router, clientAuth, HttpMethod.GET, "/api/client/account/activity", account::activity);
    client(router, clientAuth, HttpMethod.GET, "/api/client/account/ssh-keys", account::listSshKeys);
    client(router, clientAuth, HttpMethod.POST, "/api/client/account/ssh-keys", account::createSshKey);
    client(router, clientAuth, HttpMethod.POST, "/api/client/account/ssh-keys/remove", account::removeSshKey);
    client(router, clientAuth, HttpMethod.GET, "/api/client/permissions", PermissionRoutes::catalogue);

    ClientServerRoutes clientServers = new ClientServerRoutes(busTimeout);
    client(router, clientAuth, HttpMethod.GET, "/api/client", clientServers::list);
    client(router, clientAuth, HttpMethod.GET, "/api/client/", clientServers::list);
    ServerAccess access = new ServerAccess(busTimeout);
    String clientServer = "/api/client/servers/:server";
    server(router, clientAuth, HttpMethod.GET, clientServer, access.view(), clientServers::view);
    SubuserRoutes subusers = new SubuserRoutes(busTimeout);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/users", access.require("user.read"), subusers::list);
    server(router, clientAuth, HttpMethod.POST, clientServer + "/users", access.require("user.create"), subusers::create);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/users/:user",
        access.require("user.read", ServerAccess.Child.SUBUSER), subusers::view);
    server(router, clientAuth, HttpMethod.POST, clientServer + "/users/:user",
        access.require("user.update", ServerAccess.Child.SUBUSER), subusers::update);
    server(router, clientAuth, HttpMethod.DELETE, clientServer + "/users/:user",
        access.require("user.delete", ServerAccess.Child.SUBUSER), subusers::delete);
    ClientAllocationRoutes network = new ClientAllocationRoutes(busTimeout);
    String networkAllocations = clientServer + "/network/allocations";
    server(router, clientAuth, HttpMethod.GET, networkAllocations, access.require("allocation.read"), network::list);
    server(router, clientAuth, HttpMethod.POST, networkAllocations, access.require("allocation.create"), network::create);
    server(router, clientAuth, HttpMethod.POST, networkAllocations + "/:allocation",
        access.require("allocation.update", ServerAccess.Child.ALLOCATION), network::notes);
    server(router, clientAuth, HttpMethod.POST, networkAllocations + "/:allocation/primary",
        access.require("allocation.update", ServerAccess.Child.ALLOCATION), network::primary);
    server(router, clientAuth, HttpMethod.DELETE, networkAllocations + "/:allocation",
        access.require("allocation.delete", ServerAccess.Child.ALLOCATION), network::delete);
    ClientDatabaseRoutes clientDatabases = new ClientDatabaseRoutes(busTimeout, hostBusTimeout);
    String clientDatabasesPath = clientServer + "/databases";
    server(router, clientAuth, HttpMethod.GET, clientDatabasesPath, access.require("database.read"), clientDatabases::list);
    server(router, clientAuth, HttpMethod.POST, clientDatabasesPath, access.require("database.create"),
        clientDatabases::create);
    server(router, clientAuth, HttpMethod.POST, clientDatabasesPath + "/:database/rotate-password",
        access.require("database.update", ServerAccess.Child.DATABASE), clientDatabases::rotatePassword);
    server(router, clientAuth, HttpMethod.DELETE, clientDatabasesPath + "/:database",
        access.require("database.delete", ServerAccess.Child.DATABASE), clientDatabases::delete);
    ClientStartupRoutes startup = new ClientStartupRoutes(busTimeout);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/startup", access.require("startup.read"), startup::view);
    server(router, clientAuth, HttpMethod.PUT, clientServer + "/startup/variable", access.require("startup.update"),
        startup::updateVariable);
    server(router, clientAuth, HttpMethod.POST, clientServer + "/settings/rename", access.require("settings.rename"),
        startup::rename);
    server(router, clientAuth, HttpMethod.PUT, clientServer + "/settings/docker-image", access.require("startup.docker-image"),
        startup::dockerImage);
    ClientBackupRoutes backups = new ClientBackupRoutes(busTimeout);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/backups", access.require("backup.read"), backups::list);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/backups/:backup",
        access.require("backup.read", ServerAccess.Child.BACKUP), backups::view);
    server(router, clientAuth, HttpMethod.POST, clientServer + "/backups/:backup/lock",
        access.require("backup.delete", ServerAccess.Child.BACKUP), backups::toggleLock);
    DaemonRoutes daemon = new DaemonRoutes(busTimeout);
    server(router, clientAuth, HttpMethod.POST, clientServer + "/power", access.require(DaemonRoutes::powerPermission),
        daemon::power);
    server(router, clientAuth, HttpMethod.POST, clientServer + "/command", access.require("control.console"), daemon::command);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/websocket", access.websocket(), daemon::websocket);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/resources", access.any(), daemon::resources);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/files/list", access.require("file.read"), daemon::listFiles);
    server(router, clientAuth, HttpMethod.GET, clientServer + "/files/contents", access.require("file.read-content"),
        daemon::fileContents);

    ApplicationKeyRoutes appKeys = new ApplicationKeyRoutes(busTimeout, clientAddress);
    AuthorizationHandler manageKeys = AuthorizationHandler.create(PermissionBasedAuthorization.create(KeyAuthentication.MANAGE_KEYS));
    secured(router, HttpMethod.GET, "/api/application/api-keys", applicationAuth, manageKeys, appKeys::list);
    secured(router, HttpMethod.POST, "/api/application/api-keys", applicationAuth, manageKeys, appKeys::create);
    secured(router, HttpMethod.GET, "/api/application/api-keys/:identifier", applicationAuth, manageKeys, appKeys::view);
    secured(router, HttpMethod.DELETE, "/api/application/api-keys/:identifier", applicationAuth, manageKeys, appKeys::delete);

    UserRoutes users = new UserRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/users", Resource.USERS, users::list);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/users/external/:externalId", Resource.USERS,
        users::viewExternal);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/users/:id", Resource.USERS, users::view);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/users", Resource.USERS, users::create);
    application(router, applicationAuth, HttpMethod.PATCH, "/api/application/users/:id", Resource.USERS, users::update);
    application(router, applicationAuth, HttpMethod.DELETE, "/api/application/users/:id", Resource.USERS, users::delete);

    LocationRoutes locations = new LocationRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/locations", Resource.LOCATIONS, locations::list);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/locations/:id", Resource.LOCATIONS, locations::view);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/locations", Resource.LOCATIONS, locations::create);
    application(router, applicationAuth, HttpMethod.PATCH, "/api/application/locations/:id", Resource.LOCATIONS, locations::update);
    application(router, applicationAuth, HttpMethod.DELETE, "/api/application/locations/:id", Resource.LOCATIONS,
        locations::delete);

    DatabaseHostRoutes databaseHosts = new DatabaseHostRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/database-hosts", Resource.DATABASE_HOSTS,
        databaseHosts::list);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/database-hosts/:id", Resource.DATABASE_HOSTS,
        databaseHosts::view);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/database-hosts", Resource.DATABASE_HOSTS,
        databaseHosts::create);
    application(router, applicationAuth, HttpMethod.PATCH, "/api/application/database-hosts/:id", Resource.DATABASE_HOSTS,
        databaseHosts::update);
    application(router, applicationAuth, HttpMethod.DELETE, "/api/application/database-hosts/:id", Resource.DATABASE_HOSTS,
        databaseHosts::delete);

    ServerDatabaseRoutes serverDatabases = new ServerDatabaseRoutes(busTimeout, hostBusTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/servers/:id/databases",
        Resource.SERVER_DATABASES, serverDatabases::list);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/servers/:id/databases/:database",
        Resource.SERVER_DATABASES, serverDatabases::view);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/servers/:id/databases",
        Resource.SERVER_DATABASES, serverDatabases::create);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/servers/:id/databases/:database/reset-password",
        Resource.SERVER_DATABASES, serverDatabases::resetPassword);
    application(router, applicationAuth, HttpMethod.DELETE, "/api/application/servers/:id/databases/:database",
        Resource.SERVER_DATABASES, serverDatabases::delete);
    NestRoutes nests = new NestRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nests", Resource.NESTS, nests::list);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nests/:id", Resource.NESTS, nests::view);
    EggRoutes eggs = new EggRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nests/:nest/eggs", Resource.EGGS, eggs::list);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nests/:nest/eggs/:id", Resource.EGGS, eggs::view);
    NodeRoutes nodes = new NodeRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nodes", Resource.NODES, nodes::list);
    // before /nodes/:id, which would take "deployable" for an id
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nodes/deployable", Resource.NODES, nodes::deployable);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nodes/:id", Resource.NODES, nodes::view);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nodes/:id/configuration", Resource.NODES,
        nodes::configuration);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/nodes", Resource.NODES, nodes::create);
    application(router, applicationAuth, HttpMethod.PATCH, "/api/application/nodes/:id", Resource.NODES, nodes::update);
    application(router, applicationAuth, HttpMethod.DELETE, "/api/application/nodes/:id", Resource.NODES, nodes::delete);

    AllocationRoutes allocations = new AllocationRoutes(busTimeout);
    application(router, applicationAuth, HttpMethod.GET, "/api/application/nodes/:id/allocations", Resource.ALLOCATIONS,
        allocations::list);
    application(router, applicationAuth, HttpMethod.POST, "/api/application/nodes/:id/allocations", Resource.ALLOCATIONS,
        allocations::create);
    application(router, applicationAuth, HttpMethod.DELETE, "/api/application/nodes/:id/allocations/:allocation",
        Resource.ALLOCATIONS, allocations::delete);
    ServerRoutes servers = new ServerRoutes(busTimeout);
    String serversPath = "/api/application/servers";
    application(router, applicationAuth, HttpMethod.GET, serversPath, Resource.SERVERS, servers::list);
    application(router, applicationAuth, HttpMethod.GET, serversPath + "/external/:externalId", Resource.SERVERS,
        servers::viewExternal);
    application(router, applicationAuth, HttpMethod.GET, serversPath + "/:id", Resource.SERVERS, servers::view);
    application(router, applicationAuth, HttpMethod.POST, serversPath, Resource.SERVERS, servers::create);
    application(router, applicationAuth, HttpMethod.PATCH, serversPath + "/:id/details", Resource.SERVERS, servers::details);
    application(router, applicationAuth, HttpMethod.PATCH, serversPath + "/:id/build", Resource.SERVERS, servers::build);
    application(router, applicationAuth, HttpMethod.PATCH, serversPath + "/:id/startup", Resource.SERVERS, servers::startup);
    application(router, applicationAuth, HttpMethod.POST, serversPath + "/:id/suspend", Resource.SERVERS, servers::suspend);
    application(router, applicationAuth, HttpMethod.POST, serversPath + "/:id/unsuspend", Resource.SERVERS,
        servers::unsuspend);
    application(router, applicationAuth, HttpMethod.POST, serversPath + "/:id/reinstall", Resource.SERVERS,
        servers::reinstall);
    application(router, applicationAuth, HttpMethod.DELETE, serversPath + "/:id", Resource.SERVERS, servers::delete);
    // Pterodactyl's {force?}: any last segment routes here; only "force" forces
    application(router, applicationAuth, HttpMethod.DELETE, serversPath + "/:id/:force", Resource.SERVERS, servers::delete);

    sweepTimer = vertx.setPeriodic(60_000, id -> rateLimiter.sweep());
    // no WebSocket is served: leave the compression extension handlers out of every connection's pipeline
    server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(120)
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
        .requestHandler(router);
    return server.listen(conf.getInteger("port", 8080), conf.getString("host", "0.0.0.0"));
  }

  private static void client(Router router, SimpleAuthenticationHandler auth, HttpMethod method, String path,
      Handler<RoutingContext> handler) {
    withBody(router.route(method, path).handler(auth), method).handler(handler);
  }

  /** A {@code /api/client/servers/:server} route: the server access decision runs after the JSON body check. */
  private static void server(Router router, SimpleAuthenticationHandler auth, HttpMethod method, String path,
      Handler<RoutingContext> access, Handler<RoutingContext> handler) {
    withBody(router.route(method, path).handler(auth), method).handler(access).handler(handler);
  }

  private static void application(Router router, SimpleAuthenticationHandler auth, HttpMethod method, String path,
      Resource resource, Handler<RoutingContext> handler) {
    secured(router, method, path, auth, AuthorizationHandler.create(KeyAuthentication.required(resource, method.name())),
        handler);
  }

  private static void secured(Router router, HttpMethod method, String path, SimpleAuthenticationHandler auth,
      AuthorizationHandler authorization, Handler<RoutingContext> handler) {
    withBody(router.route(method, path).handler(auth).handler(authorization), method).handler(handler);
  }

  /** Requests that carry a body get it checked as JSON after authentication, as Pterodactyl does. */
  private static Route withBody(Route route, HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.DELETE ? route : route.handler(new JsonBody());
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v)));
    } else if (value instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    // requests in flight finish (a created key's one-time token must reach its client)
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}

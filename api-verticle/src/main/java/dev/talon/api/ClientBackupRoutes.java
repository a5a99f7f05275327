package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/client/servers/:server/backups}: a server's backup records ({@code :backup} is the
 * backup's uuid). Pages of 20 by default, 50 at most, with {@code meta.backup_count}.
 */
final class ClientBackupRoutes {

  private static final int DEFAULT_PER_PAGE = 20;
  private static final int MAX_PER_PAGE = 50;

  private final long busTimeoutMs;

  ClientBackupRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  void list(RoutingContext ctx) {
    Envelopes.Page asked = Envelopes.Page.of(ctx);
    String perPage = ctx.queryParams().get("per_page");
    int size = perPage != null && perPage.strip().matches("\\d{1,9}") && Integer.parseInt(perPage.strip()) > 0
        ? Math.min(Integer.parseInt(perPage.strip()), MAX_PER_PAGE) : DEFAULT_PER_PAGE;
    Envelopes.Page page = new Envelopes.Page(asked.page(), size);
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_BACKUP_LIST, backup(ctx)
            .put("limit", page.perPage()).put("offset", page.offset()), busTimeoutMs)
        .onSuccess(result -> {
          List<JsonObject> backups = new ArrayList<>();
          result.getJsonArray("data").forEach(b -> backups.add((JsonObject) b));
          JsonObject body = Envelopes.paginated(ctx, "backup", backups, result.getLong("total"), page);
          JsonObject pagination = body.getJsonObject("meta").getJsonObject("pagination");
          body.put("meta", new JsonObject().put("backup_count", result.getLong("backup_count"))
              .put("pagination", pagination));
          Responses.json(ctx, 200, body);
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void view(RoutingContext ctx) {
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_BACKUP_FIND, backup(ctx).put("id", childId(ctx)), busTimeoutMs)
        .compose(found -> found == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(found))
        .onSuccess(found -> Responses.json(ctx, 200, Envelopes.item("backup", found)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Locks an unlocked backup and unlocks a locked one (only the record: deleting is a daemon's work). */
  void toggleLock(RoutingContext ctx) {
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_BACKUP_LOCK, backup(ctx).put("id", childId(ctx)), busTimeoutMs)
        .onSuccess(found -> Responses.json(ctx, 200, Envelopes.item("backup", found)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  private static JsonObject backup(RoutingContext ctx) {
    return new JsonObject().put("server_id", ServerAccess.of(ctx).serverId());
  }

  private static long childId(RoutingContext ctx) {
    return ServerAccess.of(ctx).childId();
  }
}

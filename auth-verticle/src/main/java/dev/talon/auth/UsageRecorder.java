package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Dates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records key use ({@code last_used_at}) and activity-log entries in memory and writes them in
 * batches: one statement per flush for all keys used since the last one, never one per request. A
 * recorded use is at most one flush interval old in the database; a flush that fails keeps its data
 * for the next one, and {@link #flush()} on shutdown writes what is left.
 *
 * <p>Confined to the auth verticle's event loop.
 */
final class UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
  private static final int MAX_PENDING_ACTIVITY = 10_000;

  private final Vertx vertx;
  private final long busTimeoutMs;
  private Map<String, Instant> pendingUses = new HashMap<>();
  private List<JsonObject> pendingActivity = new ArrayList<>();
  private long droppedActivity;
  private Future<Void> inFlight = Future.succeededFuture();

  UsageRecorder(Vertx vertx, long busTimeoutMs) {
    this.vertx = vertx;
    this.busTimeoutMs = busTimeoutMs;
  }

  void recordUse(String identifier, Instant at) {
    pendingUses.merge(identifier, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** The newest use not yet written, so that listings never look older than the truth. */
  Instant pendingUse(String identifier) {
    return pendingUses.get(identifier);
  }

  void recordActivity(JsonObject entry) {
    if (pendingActivity.size() >= MAX_PENDING_ACTIVITY) {
      if (droppedActivity++ % 1000 == 0) {
        LOG.warn("Activity log backlog full; {} entries dropped so far", droppedActivity);
      }
      return;
    }
    pendingActivity.add(entry.put("timestamp", Dates.atom(Instant.now())));
  }

  /** Writes everything recorded so far; completes when it is stored (or failed and kept). */
  Future<Void> flush() {
    inFlight = inFlight.transform(ignored -> writePending());
    return inFlight;
  }

  private Future<Void> writePending() {
    Map<String, Instant> uses = pendingUses;
    List<JsonObject> activity = pendingActivity;
    if (uses.isEmpty() && activity.isEmpty()) {
      return Future.succeededFuture();
    }
    pendingUses = new HashMap<>();
    pendingActivity = new ArrayList<>();
    Future<?> usesWritten = uses.isEmpty() ? Future.succeededFuture() : writeUses(uses);
    Future<?> activityWritten = activity.isEmpty() ? Future.succeededFuture() : writeActivity(activity);
    return Future.join(usesWritten, activityWritten).mapEmpty();
  }

  private Future<?> writeUses(Map<String, Instant> uses) {
    JsonArray batch = new JsonArray();
    uses.forEach((identifier, at) -> batch.add(new JsonObject().put("identifier", identifier).put("at", at.toString())));
    return Bus.request(vertx.eventBus(), Addresses.DB_KEY_TOUCH, new JsonObject().put("uses", batch), busTimeoutMs)
        .onFailure(t -> {
          LOG.warn("Could not write last use of {} key(s), keeping them for the next flush: {}", uses.size(), t.getMessage());
          uses.forEach(this::recordUse);
        });
  }

  private Future<?> writeActivity(List<JsonObject> activity) {
    return Bus.request(vertx.eventBus(), Addresses.DB_ACTIVITY_APPEND,
            new JsonObject().put("entries", new JsonArray(new ArrayList<>(activity))), busTimeoutMs)
        .onFailure(t -> {
          LOG.warn("Could not write {} activity entries, keeping them for the next flush: {}", activity.size(), t.getMessage());
          List<JsonObject> merged = new ArrayList<>(activity);
          merged.addAll(pendingActivity);
          pendingActivity = merged.size() > MAX_PENDING_ACTIVITY ? merged.subList(0, MAX_PENDING_ACTIVITY) : merged;
        });
  }
}

package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records key use ({@code last_used_at}) and activity-log entries in memory and writes them in
 * batches: one statement per flush for all keys used since the last one, never one per request. A
 * recorded use is at most one flush interval old in the database; a flush that fails keeps its data
 * for the next one, and {@link #flush()} on shutdown writes what is left.
 *
 * <p>Thread-safe: uses are recorded from every API event loop, each into its own map. A flush
 * removes an entry only if it is not newer than what it wrote, so no use is ever lost.
 */
final class UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
  private static final int MAX_PENDING_ACTIVITY = 10_000;
  private static final int MAX_BATCH = 5_000;

  private final Vertx vertx;
  private final long busTimeoutMs;
  /**
   * Uses pending a write, one map per recording thread: an event loop only ever writes its own map,
   * so recording a use never contends with another core; flushes read them all.
   */
  private final List<ConcurrentHashMap<String, Instant>> pendingByThread = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Instant> sharedPending = new ConcurrentHashMap<>();
  private final ThreadLocal<ConcurrentHashMap<String, Instant>> pendingUses = ThreadLocal.withInitial(() -> {
    ConcurrentHashMap<String, Instant> mine = new ConcurrentHashMap<>();
    pendingByThread.add(mine);
    return mine;
  });
  private final Queue<JsonObject> pendingActivity = new ConcurrentLinkedQueue<>();
  private final AtomicInteger activityCount = new AtomicInteger();
  private final AtomicLong droppedActivity = new AtomicLong();
  private Future<Void> inFlight = Future.succeededFuture();

  UsageRecorder(Vertx vertx, long busTimeoutMs) {
    this.vertx = vertx;
    this.busTimeoutMs = busTimeoutMs;
    pendingByThread.add(sharedPending);
  }

  void recordUse(String identifier, Instant at) {
    // event loops are few and live as long as Vert.x: each gets its own map; any other thread
    // (a worker, a virtual thread) shares one, so maps cannot pile up
    ConcurrentHashMap<String, Instant> mine = Context.isOnEventLoopThread() ? pendingUses.get() : sharedPending;
    Instant previous = mine.get(identifier);
    if (previous == null || previous.isBefore(at)) {
      mine.merge(identifier, at, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /** The newest use not yet written, so that listings never look older than the truth. */
  Instant pendingUse(String identifier) {
    Instant newest = null;
    for (Map<String, Instant> pending : pendingByThread) {
      Instant at = pending.get(identifier);
      if (at != null && (newest == null || at.isAfter(newest))) {
        newest = at;
      }
    }
    return newest;
  }

  void recordActivity(JsonObject entry) {
    if (activityCount.incrementAndGet() > MAX_PENDING_ACTIVITY) {
      activityCount.decrementAndGet();
      if (droppedActivity.getAndIncrement() % 1000 == 0) {
        LOG.warn("Activity log backlog full; {} entries dropped so far", droppedActivity.get());
      }
      return;
    }
    pendingActivity.add(entry.put("timestamp", Dates.atom(Instant.now())));
  }

  /**
   * Writes everything recorded so far; completes when it is stored (or failed and kept). Called
   * from the auth verticle's context only (its timer and its stop), so flushes never overlap.
   */
  Future<Void> flush() {
    inFlight = inFlight.transform(ignored -> Future.join(writeUses(), writeActivity()).mapEmpty());
    return inFlight;
  }

  /** The periodic flush: skipped while the previous one is still being written (a slow database). */
  void flushIfIdle() {
    if (inFlight.isComplete()) {
      flush();
    }
  }

  /** On shutdown: flushes until nothing is left (batches are bounded), at most {@code rounds} times. */
  Future<Void> flushAll(int rounds) {
    return flush().transform(ar -> ar.succeeded() && rounds > 1 && hasPending() ? flushAll(rounds - 1) : Future.succeededFuture());
  }

  private boolean hasPending() {
    if (!pendingActivity.isEmpty()) {
      return true;
    }
    for (Map<String, Instant> pending : pendingByThread) {
      if (!pending.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private Future<?> writeUses() {
    Map<String, Instant> batch = new HashMap<>();
    for (Map<String, Instant> pending : pendingByThread) {
      for (Map.Entry<String, Instant> use : pending.entrySet()) {
        if (batch.size() >= MAX_BATCH && !batch.containsKey(use.getKey())) {
          continue;
        }
        batch.merge(use.getKey(), use.getValue(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray uses = new JsonArray();
    batch.forEach((identifier, at) -> uses.add(new JsonObject().put("identifier", identifier).put("at", at.toString())));
    return Bus.request(vertx.eventBus(), Addresses.DB_KEY_TOUCH, new JsonObject().put("uses", uses), busTimeoutMs)
        .onSuccess(done -> {
          // an entry newer than what was written stays for the next flush
          for (Map<String, Instant> pending : pendingByThread) {
            batch.forEach((identifier, written) -> pending.computeIfPresent(identifier,
                (k, at) -> at.isAfter(written) ? at : null));
          }
        })
        .onFailure(t -> LOG.warn("Could not write last use of {} key(s), keeping them for the next flush: {}",
            batch.size(), t.getMessage()));
  }

  private Future<?> writeActivity() {
    List<JsonObject> batch = new ArrayList<>();
    JsonObject entry;
    while (batch.size() < MAX_BATCH && (entry = pendingActivity.poll()) != null) {
      batch.add(entry);
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    return Bus.request(vertx.eventBus(), Addresses.DB_ACTIVITY_APPEND,
            new JsonObject().put("entries", new JsonArray(new ArrayList<>(batch))), busTimeoutMs)
        .onSuccess(done -> activityCount.addAndGet(-batch.size()))
        .onFailure(t -> {
          if (t instanceof TalonException te && te.failure() == Failure.UNAVAILABLE) {
            LOG.warn("Could not write {} activity entries, keeping them for the next flush: {}", batch.size(), t.getMessage());
            pendingActivity.addAll(batch);
          } else {
            // retrying a batch the database refuses would block every later entry
            activityCount.addAndGet(-batch.size());
            LOG.error("Dropped {} activity entries the database refused: {}", batch.size(), t.getMessage());
          }
        });
  }
}

package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records key use ({@code last_used_at}) and activity-log entries in memory and writes them in
 * batches: one statement per flush for all keys used since the last one, never one per request. A
 * recorded use is at most one flush interval old in the database; a flush that fails keeps its data
 * for the next one, and {@link #flush()} on shutdown writes what is left.
 *
 * <p>Thread-safe, and cheap on the hot path: a use is written into the verified key itself
 * ({@link CachedKey#lastUseMillis}, one volatile write at most per millisecond) and the key is queued
 * once, when it first becomes dirty. A flush marks each queued key clean before it reads its newest
 * use, so a use that races with the flush queues the key again: no use is ever lost.
 */
final class UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
  private static final int MAX_PENDING_ACTIVITY = 10_000;
  private static final int MAX_BATCH = 5_000;
  private static final AtomicIntegerFieldUpdater<CachedKey> QUEUED =
      AtomicIntegerFieldUpdater.newUpdater(CachedKey.class, "queuedForUsage");

  private final Vertx vertx;
  private final long busTimeoutMs;
  /** Keys used since their last write (each at most once). */
  private final Queue<CachedKey> dirty = new ConcurrentLinkedQueue<>();
  /** The batch being written: listings still see its uses until the write succeeded. */
  private volatile Map<String, Long> writing = Map.of();
  private final Queue<JsonObject> pendingActivity = new ConcurrentLinkedQueue<>();
  private final AtomicInteger activityCount = new AtomicInteger();
  private final AtomicLong droppedActivity = new AtomicLong();
  private Future<Void> inFlight = Future.succeededFuture();

  UsageRecorder(Vertx vertx, long busTimeoutMs) {
    this.vertx = vertx;
    this.busTimeoutMs = busTimeoutMs;
  }

  void recordUse(CachedKey key, long atMillis) {
    if (key.lastUseMillis < atMillis) {
      // racing event loops may leave a use a few microseconds older than the newest: harmless
      key.lastUseMillis = atMillis;
    }
    if (key.queuedForUsage == 0 && QUEUED.compareAndSet(key, 0, 1)) {
      dirty.add(key);
    }
  }

  /** The newest use not yet written, so that listings never look older than the truth. */
  Instant pendingUse(String identifier) {
    long newest = writing.getOrDefault(identifier, 0L);
    for (CachedKey key : dirty) {
      if (key.identifier().equals(identifier)) {
        newest = Math.max(newest, key.lastUseMillis);
      }
    }
    return newest == 0 ? null : Instant.ofEpochMilli(newest);
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
    return !pendingActivity.isEmpty() || !dirty.isEmpty();
  }

  private Future<?> writeUses() {
    Map<String, Long> batch = new HashMap<>();
    List<CachedKey> taken = new ArrayList<>();
    CachedKey key;
    while (batch.size() < MAX_BATCH && (key = dirty.poll()) != null) {
      // clean before reading: a use after this line queues the key again
      QUEUED.set(key, 0);
      taken.add(key);
      batch.merge(key.identifier(), key.lastUseMillis, Math::max);
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    writing = batch;
    JsonArray uses = new JsonArray();
    batch.forEach((identifier, at) -> uses.add(new JsonObject().put("identifier", identifier)
        .put("at", Instant.ofEpochMilli(at).toString())));
    return Bus.request(vertx.eventBus(), Addresses.DB_KEY_TOUCH, new JsonObject().put("uses", uses), busTimeoutMs)
        .onFailure(t -> {
          LOG.warn("Could not write last use of {} key(s), keeping them for the next flush: {}", batch.size(),
              t.getMessage());
          taken.forEach(k -> {
            if (QUEUED.compareAndSet(k, 0, 1)) {
              dirty.add(k);
            }
          });
        })
        .onComplete(ar -> writing = Map.of());
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

package dev.talon.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed one-minute windows per user and API (client, application), aligned on the clock's minutes
 * so that the nodes of a cluster count the same windows. One instance is shared by every API
 * verticle instance of a node; thread-safe.
 *
 * <p>On a cluster each node counts its own requests and, every sync interval, tells the others its
 * counts ({@link #snapshot()}, {@link #merge}); a request is judged on this node's count plus the
 * others' last reports. A user can therefore exceed the limit by at most what the other nodes
 * served in one sync interval.
 */
public final class RateLimiter {

  private static final long WINDOW_MS = 60_000;

  private final int clientLimit;
  private final int applicationLimit;
  private final ConcurrentHashMap<Long, Window> windows = new ConcurrentHashMap<>();
  private final ThreadLocal<Window> lastWindow = new ThreadLocal<>();

  public RateLimiter(int clientPerMinute, int applicationPerMinute) {
    this.clientLimit = clientPerMinute;
    this.applicationLimit = applicationPerMinute;
  }

  /** The outcome of counting one request. */
  record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {
  }

  private static final class Window {
    final long bucket;
    final long minute;
    /** One counter: a single atomic add per request, cheaper than a striped adder that must be summed. */
    final AtomicLong local = new AtomicLong();
    final ConcurrentHashMap<String, Long> remoteByNode = new ConcurrentHashMap<>();
    volatile long remote;

    Window(long bucket, long minute) {
      this.bucket = bucket;
      this.minute = minute;
    }

    void report(String node, long count) {
      remoteByNode.put(node, count);
      long sum = 0;
      for (long c : remoteByNode.values()) {
        sum += c;
      }
      remote = sum;
    }
  }

  Decision hit(String api, int userId) {
    int limit = "application".equals(api) ? applicationLimit : clientLimit;
    long now = System.currentTimeMillis();
    long bucket = bucket(api, userId);
    long minute = now / WINDOW_MS;
    // a busy user's requests mostly land on the event loop's last window: no map lookup, no boxing
    Window window = lastWindow.get();
    if (window == null || window.bucket != bucket || window.minute != minute) {
      window = window(bucket, minute);
      lastWindow.set(window);
    }
    // the count includes this request and every earlier one: never admitted over the limit (on one node)
    long used = window.local.incrementAndGet() + window.remote;
    long resetMs = (window.minute + 1) * WINDOW_MS;
    long retryAfter = Math.max(1, (resetMs - now + 999) / 1000);
    int remaining = (int) Math.max(0, limit - used);
    return new Decision(used <= limit, limit, remaining, resetMs / 1000, retryAfter);
  }

  private static long bucket(String api, int userId) {
    long apiBit = "application".equals(api) ? 1L << 32 : 0L;
    return apiBit | (userId & 0xffffffffL);
  }

  private Window window(long bucket, long minute) {
    Window window = windows.get(bucket);
    if (window == null || window.minute != minute) {
      window = windows.compute(bucket, (k, w) -> w == null || w.minute < minute ? new Window(k, minute) : w);
    }
    return window;
  }

  /** This node's counts in the current minute: {@code {minute, counts: [[bucket, count], ...]}}. */
  public JsonObject snapshot() {
    long minute = System.currentTimeMillis() / WINDOW_MS;
    JsonArray counts = new JsonArray();
    for (Map.Entry<Long, Window> e : windows.entrySet()) {
      Window w = e.getValue();
      long count = w.local.get();
      if (w.minute == minute && count > 0) {
        counts.add(new JsonArray().add(e.getKey()).add(count));
      }
    }
    return new JsonObject().put("minute", minute).put("counts", counts);
  }

  /** Another node's counts, as its {@link #snapshot()} reported them. */
  public void merge(String node, JsonObject snapshot) {
    long minute = snapshot.getLong("minute", -1L);
    if (minute != System.currentTimeMillis() / WINDOW_MS) {
      return;
    }
    for (Object o : snapshot.getJsonArray("counts", new JsonArray())) {
      JsonArray entry = (JsonArray) o;
      window(entry.getLong(0), minute).report(node, entry.getLong(1));
    }
  }

  /** Forgets windows that ended, so idle users cost no memory. */
  void sweep() {
    long minute = System.currentTimeMillis() / WINDOW_MS;
    windows.values().removeIf(w -> w.minute < minute);
  }
}

package dev.talon.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fixed one-minute windows per user and API, as Pterodactyl counts them (the window starts at the
 * first request). One instance is shared by every API verticle instance of a node, so the count is
 * per node; thread-safe.
 */
public final class RateLimiter {

  private static final long WINDOW_MS = 60_000;

  private final int clientLimit;
  private final int applicationLimit;
  private final ConcurrentHashMap<Long, Window> windows = new ConcurrentHashMap<>();

  public RateLimiter(int clientPerMinute, int applicationPerMinute) {
    this.clientLimit = clientPerMinute;
    this.applicationLimit = applicationPerMinute;
  }

  /** The outcome of counting one request. */
  record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {
  }

  private static final class Window {
    final long startMs;
    /** Striped, so event loops counting for one user do not fight over one cache line. */
    final LongAdder count = new LongAdder();

    Window(long startMs) {
      this.startMs = startMs;
    }
  }

  Decision hit(String api, int userId) {
    int limit = "application".equals(api) ? applicationLimit : clientLimit;
    long now = System.currentTimeMillis();
    long apiBit = "application".equals(api) ? 1L << 32 : 0L;
    Long bucket = apiBit | (userId & 0xffffffffL);
    Window window = windows.get(bucket);
    if (window == null || now - window.startMs >= WINDOW_MS) {
      window = windows.compute(bucket, (k, w) -> w == null || now - w.startMs >= WINDOW_MS ? new Window(now) : w);
    }
    window.count.increment();
    // the sum includes this request and every finished one: racing requests may be refused a little
    // early, never admitted over the limit
    int used = (int) Math.min(Integer.MAX_VALUE, window.count.sum());
    long resetMs = window.startMs + WINDOW_MS;
    long retryAfter = Math.max(1, (resetMs - now + 999) / 1000);
    return new Decision(used <= limit, limit, Math.max(0, limit - used), resetMs / 1000, retryAfter);
  }

  /** Forgets windows that ended, so idle users cost no memory. */
  void sweep() {
    long now = System.currentTimeMillis();
    windows.values().removeIf(w -> now - w.startMs >= WINDOW_MS);
  }
}

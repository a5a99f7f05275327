package dev.talon.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sign-in requests per client address, counted in this node's memory in front of
 * {@code POST /auth/login}: past the limit, a flood from one address is refused here, without a
 * message to the auth verticle or a statement in PostgreSQL. The failures that lock an account or an
 * address out are still counted in the database, shared by every node; this cap is per node (a
 * cluster of n nodes lets an address send up to n times it) and counts every request, so it sits
 * above those limits and only trims floods. Windows start at an address's first request, like the
 * database's. One instance per node, shared by its API verticle instances; thread-safe.
 */
final class SignInThrottle implements Shareable {

  private static final String LOCAL_MAP = "talon.api.sign-in-throttle";
  private static final String NAME = "throttle";
  /** Addresses remembered at once: a flood from ever new addresses costs bounded memory. */
  private static final long MAX_ADDRESSES = 100_000;

  private final int limit;
  private final long windowMs;
  private final Cache<String, Window> windows;

  private static final class Window {
    final long endsAtMs;
    final AtomicInteger requests = new AtomicInteger();

    Window(long endsAtMs) {
      this.endsAtMs = endsAtMs;
    }
  }

  private SignInThrottle(int limit, int windowSeconds) {
    this.limit = limit;
    this.windowMs = windowSeconds * 1000L;
    this.windows = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
        .expireAfterWrite(Duration.ofMillis(windowMs)).build();
  }

  /** The node's throttle, made by the first API verticle instance that asks. */
  static SignInThrottle of(Vertx vertx, int limit, int windowSeconds) {
    LocalMap<String, SignInThrottle> shared = vertx.sharedData().getLocalMap(LOCAL_MAP);
    SignInThrottle made = new SignInThrottle(limit, windowSeconds);
    SignInThrottle existing = shared.putIfAbsent(NAME, made);
    return existing != null ? existing : made;
  }

  /** Counts a request from {@code ip}: 0 when it may go on, else the seconds until its window ends. */
  long hit(String ip) {
    if (ip == null) {
      return 0;
    }
    long now = System.currentTimeMillis();
    Window window = windows.asMap()
        .compute(ip, (address, current) -> current == null || current.endsAtMs <= now ? new Window(now + windowMs) : current);
    if (window.requests.incrementAndGet() <= limit) {
      return 0;
    }
    return Math.max(1, (window.endsAtMs - now + 999) / 1000);
  }
}

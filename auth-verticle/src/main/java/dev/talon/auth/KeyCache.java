package dev.talon.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The auth verticle's memory of keys: verified keys (bounded, with a TTL so that a node that missed
 * an invalidation cannot serve a stale allow for longer than that, and re-read in the background
 * before the TTL ends while in use) and identifiers known not to
 * exist (a short negative cache, so a flood of made-up keys does not reach the database).
 * Thread-safe: API verticle instances verify in-process on their own event loops.
 *
 * <p>A load that was in flight while an invalidation arrived must not be cached: its row may
 * predate the change. Loads note the {@link #generation()} before reading and store through
 * {@link #putIfCurrent}, which drops what it stored if an invalidation came in between.
 */
final class KeyCache {

  private final Cache<String, CachedKey> verified;
  private final Cache<String, Boolean> unknown;
  /** Identifiers created lately: a load that read "unknown" before the key existed may not say so. */
  private final Cache<String, Boolean> created;
  private final AtomicLong generation = new AtomicLong();
  private final long refreshAfterMillis;

  KeyCache(long maxKeys, Duration ttl, long maxUnknown, Duration unknownTtl) {
    this.verified = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(ttl).build();
    this.refreshAfterMillis = ttl.toMillis() * 3 / 4;
    this.unknown = Caffeine.newBuilder().maximumSize(maxUnknown).expireAfterWrite(unknownTtl).build();
    this.created = Caffeine.newBuilder().maximumSize(maxUnknown).expireAfterWrite(unknownTtl).build();
  }

  CachedKey get(String identifier) {
    return verified.getIfPresent(identifier);
  }

  boolean isKnownUnknown(String identifier) {
    return unknown.getIfPresent(identifier) != null;
  }

  long generation() {
    return generation.get();
  }

  /**
   * A key in use is read again in the background once three quarters of the TTL have passed since it
   * was loaded, so that no request waits for the re-read; the TTL stays the most a missed change can
   * live.
   */
  long refreshAfterMillis() {
    return refreshAfterMillis;
  }

  void putIfCurrent(String identifier, CachedKey key, long loadedAtGeneration) {
    if (generation.get() != loadedAtGeneration) {
      return;
    }
    key.refreshDueMillis = System.currentTimeMillis() + refreshAfterMillis;
    verified.put(identifier, key);
    if (generation.get() != loadedAtGeneration) {
      verified.invalidate(identifier);
    }
  }

  void putUnknownIfCurrent(String identifier, long loadedAtGeneration) {
    if (generation.get() != loadedAtGeneration || created.getIfPresent(identifier) != null) {
      return;
    }
    unknown.put(identifier, Boolean.TRUE);
    if (generation.get() != loadedAtGeneration || created.getIfPresent(identifier) != null) {
      unknown.invalidate(identifier);
    }
  }

  /**
   * A re-read found no such key although it was cached: a deletion whose notice this node missed.
   * Only that entry goes; no new generation, the read is as current as any.
   */
  void forgetVerified(String identifier) {
    verified.invalidate(identifier);
  }

  void dropKey(String identifier) {
    generation.incrementAndGet();
    verified.invalidate(identifier);
    unknown.invalidate(identifier);
  }

  /**
   * A key was created: an identifier remembered as unknown is not any more, and a load in flight that
   * read "unknown" before the key existed may not remember that either. Nothing else is touched (no
   * new generation): the notice often arrives while the new key's first use is being verified, and
   * that verification must stay cached.
   */
  void forgetUnknown(String identifier) {
    created.put(identifier, Boolean.TRUE);
    unknown.invalidate(identifier);
  }

  void dropUser(int userId) {
    generation.incrementAndGet();
    verified.asMap().values().removeIf(k -> k.userId() == userId);
  }

  void dropAll() {
    generation.incrementAndGet();
    verified.invalidateAll();
    unknown.invalidateAll();
  }
}

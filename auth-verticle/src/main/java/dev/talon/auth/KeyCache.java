package dev.talon.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The auth verticle's memory of keys: verified keys (bounded, with a TTL so that a node that missed
 * an invalidation cannot serve a stale allow for longer than that) and identifiers known not to
 * exist (a short negative cache, so a flood of made-up keys does not reach the database).
 *
 * <p>A load that was in flight while an invalidation arrived is not cached: its row may predate
 * the change ({@link #generation()}).
 */
final class KeyCache {

  private final Cache<String, CachedKey> verified;
  private final Cache<String, Boolean> unknown;
  private long generation;

  KeyCache(long maxKeys, Duration ttl, long maxUnknown, Duration unknownTtl) {
    this.verified = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(ttl).build();
    this.unknown = Caffeine.newBuilder().maximumSize(maxUnknown).expireAfterWrite(unknownTtl).build();
  }

  CachedKey get(String identifier) {
    return verified.getIfPresent(identifier);
  }

  boolean isKnownUnknown(String identifier) {
    return unknown.getIfPresent(identifier) != null;
  }

  long generation() {
    return generation;
  }

  void putIfCurrent(String identifier, CachedKey key, long loadedAtGeneration) {
    if (loadedAtGeneration == generation) {
      verified.put(identifier, key);
    }
  }

  void putUnknownIfCurrent(String identifier, long loadedAtGeneration) {
    if (loadedAtGeneration == generation) {
      unknown.put(identifier, Boolean.TRUE);
    }
  }

  void dropKey(String identifier) {
    generation++;
    verified.invalidate(identifier);
    unknown.invalidate(identifier);
  }

  void dropUser(int userId) {
    generation++;
    verified.asMap().values().removeIf(k -> k.userId() == userId);
  }

  void dropAll() {
    generation++;
    verified.invalidateAll();
    unknown.invalidateAll();
  }

  long size() {
    return verified.estimatedSize();
  }
}

package dev.talon.contracts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.function.Supplier;

/**
 * The auth verticle's {@code talon.auth.verify}, callable in-process by a verticle of the same node.
 * The auth verticle registers its (thread-safe) implementation in the node-local map
 * {@link #LOCAL_MAP} under {@link #NAME}; a caller that finds it skips two event-loop hops and a JSON
 * copy per request, and one that does not (another node, the auth verticle not deployed) uses the
 * event-bus address, which answers exactly the same.
 */
public interface KeyVerifier extends Shareable {

  String LOCAL_MAP = "talon.local-services";
  String NAME = "key-verifier";

  /**
   * The auth context of {@code key} presented from {@code ip} (same shape as the event-bus reply),
   * or a {@link TalonException}. The returned object is shared: callers must not modify it.
   */
  default Future<JsonObject> verify(String key, String ip) {
    return verify(key, () -> ip);
  }

  /**
   * The same, with the client address worked out only when the key has an IP allow-list: most keys
   * have none, and formatting the peer address costs more than the rest of a cached verification.
   */
  Future<JsonObject> verify(String key, Supplier<String> ip);
}

package dev.talon.api;

import dev.talon.contracts.IpText;
import inet.ipaddr.IPAddress;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address: the TCP peer, unless the peer is one of the configured trusted proxies, in
 * which case it is the right-most {@code X-Forwarded-For} address that is not a trusted proxy (every
 * hop left of the client is whatever the client wrote). A forwarded header from anyone else is
 * ignored, so it cannot be spoofed past an allow-list. A hop that is not one address (a range such as
 * {@code 10.*}, a CIDR, inet_aton shorthand) is never a trusted proxy: it is the client, as written,
 * and no allow-list admits it.
 */
final class ClientAddress {

  private final List<IPAddress> trustedProxies;

  ClientAddress(List<String> trustedProxies) {
    List<IPAddress> parsed = new ArrayList<>();
    for (String entry : trustedProxies) {
      IPAddress range = IpText.parseRange(entry);
      if (range == null) {
        throw new IllegalArgumentException("Not an address or CIDR range in trusted proxies: " + entry);
      }
      parsed.add(range);
    }
    this.trustedProxies = List.copyOf(parsed);
  }

  String of(HttpServerRequest request) {
    SocketAddress peer = request.connection().remoteAddress();
    String peerHost = peer == null ? null : peer.hostAddress();
    if (trustedProxies.isEmpty() || peerHost == null || !isTrusted(peerHost)) {
      return peerHost;
    }
    // every line of the header, in order: a proxy may add its own line rather than append
    String forwarded = String.join(",", request.headers().getAll("X-Forwarded-For"));
    if (forwarded.isBlank()) {
      return peerHost;
    }
    String[] hops = forwarded.split(",");
    String leftmost = peerHost;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = stripPort(hops[i].strip());
      if (hop.isEmpty()) {
        continue;
      }
      leftmost = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return leftmost;
  }

  /**
   * Whether the browser reached Talon over TLS: this connection is TLS, or a trusted proxy says, in
   * its {@code X-Forwarded-Proto}, that it terminated TLS (session cookies are then {@code Secure}).
   */
  boolean isHttps(HttpServerRequest request) {
    if (request.isSSL()) {
      return true;
    }
    SocketAddress peer = request.connection().remoteAddress();
    if (trustedProxies.isEmpty() || peer == null || peer.hostAddress() == null || !isTrusted(peer.hostAddress())) {
      return false;
    }
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto == null) {
      return false;
    }
    // the nearest proxy writes last
    String[] hops = proto.split(",");
    return "https".equalsIgnoreCase(hops[hops.length - 1].strip());
  }

  private boolean isTrusted(String host) {
    IPAddress address = IpText.parseAddress(host);
    if (address == null) {
      return false;
    }
    for (IPAddress proxy : trustedProxies) {
      if (IpText.covers(proxy, address)) {
        return true;
      }
    }
    return false;
  }

  /** {@code [2001:db8::1]:443} and {@code 203.0.113.7:8080} as proxies may write them. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && colon == hop.lastIndexOf(':')) {
      return hop.substring(0, colon);
    }
    return hop;
  }
}

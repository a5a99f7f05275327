package dev.talon.auth;

import dev.talon.contracts.IpText;
import inet.ipaddr.IPAddress;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A key's allow-list: IPv4 and IPv6 addresses and CIDR ranges (host bits masked, as
 * {@code 192.168.10.10/28} covers .0 to .15). Families never mix, and an IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}), on either side, counts as the IPv4 address. An empty list allows all.
 *
 * <p>The client is one address: text the library would read, by default, as a range or in
 * inet_aton shorthand ({@code 10.*}, {@code 10.0.0.1-255}, {@code 10.1}, {@code 167772161},
 * {@code 10.0.0.0/8}) is no address, so no entry can contain it and a list refuses it.
 */
final class AllowedIps {

  static final int MAX_ENTRIES = 50;

  /** How the text that is not an address is shown: at most this much, the longest IPv6 text. */
  private static final int MAX_SHOWN = 45;

  private static final AllowedIps ANY = new AllowedIps(List.of(), true);

  private final List<IPAddress> ranges;
  private final boolean unrestricted;

  private AllowedIps(List<IPAddress> ranges, boolean unrestricted) {
    this.ranges = ranges;
    this.unrestricted = unrestricted;
  }

  /** Parses one entry to the block it covers, or null when it is not an address or CIDR range. */
  static IPAddress parseEntry(String entry) {
    return IpText.parseRange(entry);
  }

  /** Parses a client address; null when it is not one address (see {@link IpText#parseAddress}). */
  static IPAddress parsePeer(String ip) {
    return IpText.parseAddress(ip);
  }

  /** Builds the list from stored entries (already validated when the key was made). */
  static AllowedIps of(JsonArray entries) {
    if (entries == null || entries.isEmpty()) {
      return ANY;
    }
    List<IPAddress> ranges = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      IPAddress range = entry instanceof String s ? parseEntry(s) : null;
      if (range != null) {
        ranges.add(range);
      }
    }
    // entries that no longer parse (edited in the database) allow nothing: never fail open
    return new AllowedIps(ranges, false);
  }

  boolean allowsAll() {
    return unrestricted;
  }

  boolean permits(IPAddress peer) {
    if (unrestricted) {
      return true;
    }
    if (peer == null) {
      return false;
    }
    for (IPAddress range : ranges) {
      if (IpText.covers(range, peer)) {
        return true;
      }
    }
    return false;
  }

  /**
   * How a client is shown in the 403 text and the activity log: an address IPv4 dotted, IPv6
   * compressed; other text (a forwarded hop that is no address) by its first 45 characters, each
   * outside {@code [0-9A-Za-z.:/*%[]-]} as {@code ?}, so the answer never carries what a client
   * chose beyond that; no text at all as {@code unknown}.
   */
  static String display(IPAddress peer, String raw) {
    if (peer != null) {
      return peer.toCompressedString();
    }
    if (raw == null || raw.isBlank()) {
      return "unknown";
    }
    String text = raw.strip();
    StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN));
    for (int i = 0; i < text.length() && shown.length() < MAX_SHOWN; i++) {
      char c = text.charAt(i);
      boolean plain = c < 128 && (Character.isLetterOrDigit(c) || ".:/*%[]-".indexOf(c) >= 0);
      shown.append(plain ? c : '?');
    }
    return shown.toString();
  }
}

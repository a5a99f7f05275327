package dev.talon.auth;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
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

  /** An entry: one address or a CIDR range; IPv4 digits decimal, inside {@code ::ffff:} too. */
  private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
      .allowEmpty(false)
      .allowAll(false)
      .allowSingleSegment(false)
      .allowMask(false)
      .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
      .allow_inet_aton(false)
      .toParams();

  /**
   * A client: one dotted quad or one IPv6 address (zone and IPv4-mapped forms included), no prefix.
   * An IPv4 part with a leading zero is refused: inet_aton reads {@code 010} as 8, others as 10.
   */
  private static final IPAddressStringParameters ONE_ADDRESS = new IPAddressStringParameters.Builder()
      .allowEmpty(false)
      .allowAll(false)
      .allowSingleSegment(false)
      .allowPrefix(false)
      .allowMask(false)
      .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
      .allow_inet_aton(false)
      .getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false).getParentBuilder()
      .getIPv6AddressParametersBuilder().allowBase85(false).allowBinary(false)
          .getEmbeddedIPv4AddressParametersBuilder().allowLeadingZeros(false)
          .getEmbeddedIPv4AddressParentBuilder().getParentBuilder()
      .toParams();

  private static final AllowedIps ANY = new AllowedIps(List.of(), true);

  private final List<IPAddress> ranges;
  private final boolean unrestricted;

  private AllowedIps(List<IPAddress> ranges, boolean unrestricted) {
    this.ranges = ranges;
    this.unrestricted = unrestricted;
  }

  /** Parses one entry to the block it covers, or null when it is not an address or CIDR range. */
  static IPAddress parseEntry(String entry) {
    if (entry == null) {
      return null;
    }
    IPAddress address = new IPAddressString(entry.strip(), STRICT).getAddress();
    if (address == null) {
      return null;
    }
    address = unmapped(address);
    return address.isPrefixed() ? address.toPrefixBlock() : address;
  }

  /**
   * Parses a client address; null when it is not one address. An IPv6 zone is dropped (it names an
   * interface of the host that wrote it, not the client), an IPv4-mapped address becomes IPv4.
   */
  static IPAddress parsePeer(String ip) {
    if (ip == null) {
      return null;
    }
    IPAddress address = new IPAddressString(ip.strip(), ONE_ADDRESS).getAddress();
    if (address == null) {
      return null;
    }
    return unmapped(address.isIPv6() ? address.toIPv6().removeZone() : address);
  }

  private static IPAddress unmapped(IPAddress address) {
    if (address.isIPv6()) {
      IPv6Address v6 = address.toIPv6();
      if (v6.isIPv4Mapped() && (!v6.isPrefixed() || v6.getNetworkPrefixLength() >= 96)) {
        Integer prefix = v6.getNetworkPrefixLength();
        IPAddress v4 = v6.getEmbeddedIPv4Address();
        return prefix == null ? v4 : v4.setPrefixLength(prefix - 96, false);
      }
    }
    return address;
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
      if (range.getIPVersion() == peer.getIPVersion() && range.contains(peer)) {
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

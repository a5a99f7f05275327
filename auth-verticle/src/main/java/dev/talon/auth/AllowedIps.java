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
 */
final class AllowedIps {

  static final int MAX_ENTRIES = 50;

  private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
      .allowEmpty(false)
      .allowAll(false)
      .allowSingleSegment(false)
      .allowMask(false)
      .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
      .getIPv4AddressParametersBuilder().allow_inet_aton(false).getParentBuilder()
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

  /** Parses a client address; null when it is not one. */
  static IPAddress parsePeer(String ip) {
    if (ip == null) {
      return null;
    }
    IPAddress address = new IPAddressString(ip.strip()).getAddress();
    return address == null ? null : unmapped(address.withoutPrefixLength());
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

  /** How an address is shown in messages: IPv4 dotted, IPv6 compressed. */
  static String display(IPAddress peer, String raw) {
    return peer == null ? raw : peer.toCompressedString();
  }
}

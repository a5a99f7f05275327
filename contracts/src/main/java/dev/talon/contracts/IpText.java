package dev.talon.contracts;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;

/**
 * Reading IP addresses as Talon's rules need them, in one place for the auth verticle (allow-lists,
 * client addresses) and the API verticle (trusted proxies, forwarded hops). The library's defaults
 * read far more than addresses ({@code 10.*}, {@code 10.0.0.1-255}, inet_aton's {@code 10.1} and
 * {@code 167772161}); here a client is one address and an entry one address or CIDR range, IPv4
 * digits decimal (inside {@code ::ffff:} too), and an IPv4-mapped IPv6 address counts as IPv4.
 */
public final class IpText {

  private IpText() {
  }

  /** An entry: one address or a CIDR range. */
  private static final IPAddressStringParameters RANGE = new IPAddressStringParameters.Builder()
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

  /**
   * The block an entry covers (host bits masked, as {@code 192.168.10.10/28} covers .0 to .15), or
   * null when it is not one address or CIDR range.
   */
  public static IPAddress parseRange(String entry) {
    if (entry == null) {
      return null;
    }
    IPAddress address = new IPAddressString(entry.strip(), RANGE).getAddress();
    if (address == null) {
      return null;
    }
    address = unmapped(address);
    return address.isPrefixed() ? address.toPrefixBlock() : address;
  }

  /**
   * One client address, or null when the text is not one. An IPv6 zone is dropped (it names an
   * interface of the host that wrote it, not the client); an IPv4-mapped address becomes IPv4.
   */
  public static IPAddress parseAddress(String text) {
    if (text == null) {
      return null;
    }
    IPAddress address = new IPAddressString(text.strip(), ONE_ADDRESS).getAddress();
    if (address == null) {
      return null;
    }
    return unmapped(address.isIPv6() ? address.toIPv6().removeZone() : address);
  }

  /** Whether {@code range} (from {@link #parseRange}) covers {@code address}; families never mix. */
  public static boolean covers(IPAddress range, IPAddress address) {
    return range.getIPVersion() == address.getIPVersion() && range.contains(address);
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
}

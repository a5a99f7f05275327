package dev.talon.api;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The trusted-proxies setting names addresses and CIDR ranges, never the library's range shorthand. */
class ClientAddressTest {

  @Test
  void addressesAndCidrRangesAreTrustedProxies() {
    new ClientAddress(List.of("127.0.0.1", "10.0.0.0/8", "::1", "2001:db8::/32", "::ffff:192.0.2.1"));
  }

  @Test
  void rangeShorthandIsRefusedAtStart() {
    for (String entry : new String[] {"10.*", "10.0.0.1-255", "10.1", "167772161", "0x0a.0.0.1", "*", "proxy.local"}) {
      assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of(entry)), entry);
    }
  }
}

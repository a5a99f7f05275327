package dev.talon.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import io.vertx.core.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client address is one address, never a range: the forms the library reads as ranges or as
 * inet_aton shorthand by default are not addresses, so a key with an allow-list refuses them.
 */
class AllowedIpsTest {

  private static AllowedIps allowing(String... entries) {
    return AllowedIps.of(new JsonArray(List.of((Object[]) entries)));
  }

  @Test
  void textThatIsNotOneAddressIsNoClientAddress() {
    String[] notOne = {
        "10.*", "10.0.0.1-255", "10.1", "167772161", "10.0.0.0/8", "10.0.0.1/32", "::1/128", "2001:db8::/32",
        "0x0a.0.0.1", "0xa000001", "010.0.0.1", "10.0.0.01", "::ffff:010.0.0.1", "::ffff:0xa.0.0.1",
        "10.0.0.1/255.0.0.0", "*", "", " ", "1.2.3.4:80", "[::1]", "10.0.0.1%eth0", "1.2.3.256", "1.2.3.4.5",
        "2001:db8::_", "2001:db8::1-ff", "4)+k&C#VzJ4br>0wv%Yp", "0b00001010.0.0.1", "unknown", "１.２.３.４"};
    for (String text : notOne) {
      assertNull(AllowedIps.parsePeer(text), () -> "not one address: [" + text + "]");
    }
    assertNull(AllowedIps.parsePeer(null));
  }

  @Test
  void oneDottedQuadOrOneIpv6AddressIs() {
    assertPeer("10.0.0.1", "10.0.0.1", false);
    assertPeer("0.0.0.0", "0.0.0.0", false);
    assertPeer(" 203.0.113.7 ", "203.0.113.7", false);
    assertPeer("::1", "::1", true);
    assertPeer("::", "::", true);
    assertPeer("2001:0DB8:0000::0005", "2001:db8::5", true);
    assertPeer("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304", true);
    // a zone names a local interface: accepted, and dropped (it says nothing about who the client is)
    assertPeer("fe80::1%eth0", "fe80::1", true);
    // IPv4-mapped, dotted or in hex: the IPv4 address
    assertPeer("::ffff:10.1.2.3", "10.1.2.3", false);
    assertPeer("::FFFF:a01:203", "10.1.2.3", false);
    assertPeer("0:0:0:0:0:ffff:10.1.2.3", "10.1.2.3", false);
  }

  private static void assertPeer(String text, String canonical, boolean ipv6) {
    IPAddress peer = AllowedIps.parsePeer(text);
    assertNotNull(peer, () -> "an address: [" + text + "]");
    assertEquals(canonical, AllowedIps.display(peer, text), text);
    assertEquals(ipv6, peer.isIPv6(), () -> "family of " + text);
    assertFalse(peer.isMultiple(), () -> "one address: " + text);
  }

  @Test
  void aRangeSentAsTheClientIsNeverContainedByAnEntry() {
    AllowedIps tenSlashEight = allowing("10.0.0.0/8");
    assertTrue(tenSlashEight.permits(AllowedIps.parsePeer("10.200.1.1")));
    for (String range : new String[] {"10.*", "10.0.0.1-255", "10.1", "167772161", "10.0.0.0/8", "010.0.0.1"}) {
      assertFalse(tenSlashEight.permits(AllowedIps.parsePeer(range)), range);
    }
    assertTrue(allowing().permits(AllowedIps.parsePeer("10.*")), "an empty list allows even what is no address");
  }

  @Test
  void familiesStayApartAndHostBitsAreMasked() {
    assertFalse(allowing("::/0").permits(AllowedIps.parsePeer("10.1.2.3")));
    assertFalse(allowing("::/0").permits(AllowedIps.parsePeer("::ffff:10.1.2.3")));
    assertTrue(allowing("::/0").permits(AllowedIps.parsePeer("2001:db8::1")));
    assertFalse(allowing("0.0.0.0/0").permits(AllowedIps.parsePeer("2001:db8::1")));
    assertTrue(allowing("0.0.0.0/0").permits(AllowedIps.parsePeer("10.1.2.3")));
    assertTrue(allowing("10.0.0.5/8").permits(AllowedIps.parsePeer("10.200.1.1")));
    assertFalse(allowing("10.0.0.5/8").permits(AllowedIps.parsePeer("11.0.0.1")));
    assertTrue(allowing("2001:db8::/32").permits(AllowedIps.parsePeer("2001:db8::5")));
    assertFalse(allowing("2001:db8::/32").permits(AllowedIps.parsePeer("2001:db9::1")));
    assertTrue(allowing("::ffff:10.0.0.0/104").permits(AllowedIps.parsePeer("10.1.2.3")));
    assertTrue(allowing("fe80::/10").permits(AllowedIps.parsePeer("fe80::1%eth0")));
  }

  @Test
  void anEmbeddedIpv4EntryReadsItsDigitsAsAPlainOneDoes() {
    // "010" is decimal in a plain IPv4 entry; inside ::ffff: it was octal (8) before
    assertEquals(AllowedIps.parseEntry("010.0.0.1"), AllowedIps.parseEntry("::ffff:010.0.0.1"));
    assertEquals("10.0.0.1", AllowedIps.parseEntry("::ffff:010.0.0.1").toCompressedString());
  }

  @Test
  void whatIsNotAnAddressIsShownBoundedAndSanitised() {
    assertEquals("10.*", AllowedIps.display(null, "10.*"));
    assertEquals("10.0.0.1-255", AllowedIps.display(null, "10.0.0.1-255"));
    assertEquals("10.0.0.0/8", AllowedIps.display(null, "10.0.0.0/8"));
    assertEquals("[::1]", AllowedIps.display(null, "[::1]"));
    assertEquals("?script?alert?1??/script?", AllowedIps.display(null, "<script>alert(1)</script>"));
    assertEquals("a?b?c?d", AllowedIps.display(null, "a b\tc\u00e9d"));
    String shown = AllowedIps.display(null, "1".repeat(10_000));
    assertEquals("1".repeat(45), shown, "at most 45 characters, the longest IPv6 text");
    assertEquals("unknown", AllowedIps.display(null, null));
    assertEquals("unknown", AllowedIps.display(null, ""));
  }
}

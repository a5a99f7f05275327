package dev.talon;

import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.ipDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which address a key's allow-list is matched against: the TCP peer, or, when the peer is a trusted
 * proxy, the right-most {@code X-Forwarded-For} hop that is not one; that hop must be one address
 * (never a range or shorthand), families stay apart, and an IPv4-mapped hop counts as IPv4. Also the
 * seed's "no extra spaces or line breaks" in the key.
 */
class ClientAddressRulesTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String KEYS = "/api/client/account/api-keys";
  private static final AtomicInteger USER_SEQ = new AtomicInteger();

  /** The test client (127.0.0.1) is a trusted proxy here, as is 198.51.100.0/24. */
  private static TestNode proxied;
  /** Only 192.0.2.1 is trusted here: the test client is not. */
  private static TestNode elsewhere;

  @BeforeAll
  static void start() {
    proxied = TestNode.start(Map.of("trusted-proxies", "127.0.0.1,198.51.100.0/24"));
    elsewhere = TestNode.start(Map.of("trusted-proxies", "192.0.2.1"));
  }

  @AfterAll
  static void stop() {
    try {
      proxied.close();
    } finally {
      elsewhere.close();
    }
  }

  private static String keyAllowing(TestNode on, String... entries) {
    int user = on.makeUser("ip" + USER_SEQ.incrementAndGet(), false);
    JsonObject extra = entries.length == 0 ? null
        : new JsonObject().put("allowed_ips", new JsonArray(List.of((Object[]) entries)));
    return on.makeKey(user, "client", extra);
  }

  private static Http.Response from(TestNode on, String key, String forwardedFor) {
    return on.http.request("GET", ACCOUNT).key(key).header("X-Forwarded-For", forwardedFor).send();
  }

  private static void assertDenied(Http.Response r, String shown, String what) {
    try {
      assertForbidden(r, ipDenied(shown));
    } catch (AssertionError e) {
      throw new AssertionError(what + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- whose X-Forwarded-For is believed

  @Test
  void aForwardedForFromAPeerThatIsNotATrustedProxyIsIgnored() {
    String spoofedOnly = keyAllowing(elsewhere, "10.1.2.3");
    assertDenied(from(elsewhere, spoofedOnly, "10.1.2.3"), "127.0.0.1", "spoofed hop from an untrusted peer");
    assertDenied(from(elsewhere, spoofedOnly, "10.1.2.3, 192.0.2.1"), "127.0.0.1",
        "naming the trusted proxy as the last hop changes nothing");

    String same = keyAllowing(proxied, "10.1.2.3");
    Http.Response trusted = from(proxied, same, "10.1.2.3");
    assertEquals(200, trusted.status(), "the same header from a trusted peer is believed: " + trusted);
  }

  @Test
  void anIpv4MappedForwardedAddressCountsAsTheIpv4Address() {
    String allowed = keyAllowing(proxied, "10.1.2.3");
    for (String hop : new String[] {"::ffff:10.1.2.3", "::FFFF:a01:203", "[::ffff:10.1.2.3]:443"}) {
      Http.Response r = from(proxied, allowed, hop);
      assertEquals(200, r.status(), () -> hop + " to a key allowing 10.1.2.3: " + r);
    }
    String other = keyAllowing(proxied, "10.9.9.9");
    assertDenied(from(proxied, other, "::ffff:10.1.2.3"), "10.1.2.3", "the 403 names the IPv4 address");
  }

  @Test
  void ipv6RangesMatchWithinTheirFamilyOnly() {
    String docs = keyAllowing(proxied, "2001:db8::/32");
    assertEquals(200, from(proxied, docs, "2001:db8::5").status());
    assertEquals(200, from(proxied, docs, "2001:0DB8:0000::0005").status(), "any spelling of the address");
    assertDenied(from(proxied, docs, "2001:db9::1"), "2001:db9::1", "outside 2001:db8::/32");
    assertDenied(from(proxied, docs, "2001:0DB9::1"), "2001:db9::1", "shown compressed, lower case");

    String allIpv6 = keyAllowing(proxied, "::/0");
    assertEquals(200, from(proxied, allIpv6, "2001:db8::1").status());
    assertDenied(from(proxied, allIpv6, "10.1.2.3"), "10.1.2.3", "::/0 admits no IPv4 client");
    assertDenied(from(proxied, allIpv6, "::ffff:10.1.2.3"), "10.1.2.3", "nor an IPv4-mapped one");

    String allIpv4 = keyAllowing(proxied, "0.0.0.0/0");
    assertEquals(200, from(proxied, allIpv4, "10.1.2.3").status());
    assertDenied(from(proxied, allIpv4, "2001:db8::1"), "2001:db8::1", "0.0.0.0/0 admits no IPv6 client");
  }

  @Test
  void aCidrEntryWithHostBitsIsKeptAsEnteredAndCoversItsWholeBlock() {
    String creator = keyAllowing(proxied);
    Http.Response created = proxied.http.post(KEYS, creator, new JsonObject().put("description", "host bits")
        .put("allowed_ips", new JsonArray().add("10.0.0.5/8")));
    assertEquals(200, created.status(), created.toString());
    JsonObject body = created.json();
    assertEquals(new JsonArray().add("10.0.0.5/8"), body.getJsonObject("attributes").getJsonArray("allowed_ips"),
        "stored as entered, as Pterodactyl does");
    String key = body.getJsonObject("attributes").getString("identifier")
        + body.getJsonObject("meta").getString("secret_token");
    Http.Response inside = from(proxied, key, "10.200.1.1");
    assertEquals(200, inside.status(), "10.0.0.5/8 is 10.0.0.0/8: " + inside);
    assertDenied(from(proxied, key, "11.0.0.1"), "11.0.0.1", "outside 10.0.0.0/8");
  }

  // ---------------------------------------------------------------- which hop

  @Test
  void theRightMostHopThatIsNotATrustedProxyIsTheClient() {
    String left = keyAllowing(proxied, "203.0.113.7");
    String middle = keyAllowing(proxied, "10.1.2.3");
    String chain = "203.0.113.7, 10.1.2.3, 198.51.100.4";
    assertEquals(200, from(proxied, middle, chain).status(), "the trusted 198.51.100.4 is skipped");
    assertDenied(from(proxied, left, chain), "10.1.2.3", "a hop left of the client is whatever it wrote");

    String proxyOnly = keyAllowing(proxied, "198.51.100.9");
    assertEquals(200, from(proxied, proxyOnly, "198.51.100.9, 198.51.100.4").status(),
        "every hop trusted: the left-most is the client");
    assertEquals(200, from(proxied, middle, "10.1.2.3, , 198.51.100.4").status(), "empty hops are skipped");
  }

  @Test
  void aHopThatIsNotAnAddressIsNeverSkippedAsATrustedProxy() {
    // 198.51.100.* would be "contained" in the trusted 198.51.100.0/24 if read as a range
    String spoofed = keyAllowing(proxied, "10.9.9.9");
    assertDenied(from(proxied, spoofed, "10.9.9.9, 198.51.100.*"), "198.51.100.*", "a wildcard is no proxy");
    assertDenied(from(proxied, spoofed, "10.9.9.9, 198.51.100.0/24"), "198.51.100.0/24", "nor is a CIDR");
  }

  @Test
  void forwardedForSpreadOverSeveralHeaderLinesIsOneList() throws IOException {
    String middle = keyAllowing(proxied, "10.1.2.3");
    String left = keyAllowing(proxied, "203.0.113.7");
    String lines = "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-For: 10.1.2.3\r\n";
    assertEquals(200, raw(proxied, middle, lines).status());
    RawResponse denied = raw(proxied, left, lines);
    assertEquals(403, denied.status());
    assertTrue(denied.body().contains(ipDenied("10.1.2.3")), denied.body());
  }

  // ---------------------------------------------------------------- not one address

  @Test
  void aForwardedHopThatIsNotOneAddressIsRefusedByAnAllowListOnly() {
    String restricted = keyAllowing(proxied, "10.0.0.0/8");
    String open = keyAllowing(proxied);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("10.*", "10.*");
    shown.put("10.0.0.1-255", "10.0.0.1-255");
    shown.put("10.1", "10.1");
    shown.put("167772161", "167772161");
    shown.put("10.0.0.0/8", "10.0.0.0/8");
    shown.put("010.0.0.1", "010.0.0.1");
    shown.put("0x0a.0.0.1", "0x0a.0.0.1");
    shown.put("::ffff:010.0.0.1", "::ffff:010.0.0.1");
    shown.put("unknown", "unknown");
    shown.put("<b>" + "9".repeat(300), "?b?" + "9".repeat(42));
    for (Map.Entry<String, String> c : shown.entrySet()) {
      assertDenied(from(proxied, restricted, c.getKey()), c.getValue(), "[" + c.getKey() + "] with an allow-list");
      Http.Response r = from(proxied, open, c.getKey());
      assertEquals(200, r.status(), () -> "[" + c.getKey() + "] without an allow-list: " + r);
    }
    assertEquals(200, from(proxied, restricted, "10.0.0.1").status(), "the one address itself is allowed");
    assertEquals(200, from(proxied, restricted, "::ffff:10.0.0.1").status(), "and its IPv4-mapped form");
    String linkLocal = keyAllowing(proxied, "fe80::/10");
    assertEquals(200, from(proxied, linkLocal, "fe80::1%eth0").status(), "an IPv6 zone is accepted");
    assertDenied(from(proxied, restricted, "fe80::1%eth0"), "fe80::1", "and not shown");
  }

  // ---------------------------------------------------------------- "no extra spaces or line breaks"

  @Test
  void aSpaceOrTabInsideTheKeyIs401() throws IOException {
    String key = keyAllowing(proxied);
    String head = key.substring(0, 30);
    String tail = key.substring(30);
    assertEquals(200, proxied.http.get(ACCOUNT, key).status());
    assertUnauthenticated(proxied.http.request("GET", ACCOUNT).header("Authorization", "Bearer " + head + " " + tail).send());
    assertUnauthenticated(proxied.http.request("GET", ACCOUNT).header("Authorization", "Bearer " + head + "\t" + tail).send());
    assertUnauthenticated(proxied.http.request("GET", ACCOUNT).header("Authorization", "Bearer  " + head + " " + tail).send());
  }

  @Test
  void aLineBreakInsideTheKeyIsACleanRefusal() throws IOException {
    String key = keyAllowing(proxied);
    String head = key.substring(0, 30);
    String tail = key.substring(30);
    assertEquals(200, raw(proxied, key, "").status(), "the raw request itself works");
    Map<String, String> breaks = new LinkedHashMap<>();
    breaks.put("folded line", "\r\n ");
    breaks.put("folded with a tab", "\r\n\t");
    breaks.put("CRLF", "\r\n");
    breaks.put("bare LF", "\n");
    breaks.put("bare CR", "\r");
    for (Map.Entry<String, String> b : breaks.entrySet()) {
      RawResponse r = rawAuthorization(proxied, "Bearer " + head + b.getValue() + tail);
      assertTrue(r.status() == 400 || r.status() == 401, () -> b.getKey() + ": " + r);
      if (r.status() == 401) {
        assertTrue(r.body().contains("\"Unauthenticated.\""), () -> b.getKey() + ": " + r);
      }
    }
    assertEquals(200, proxied.http.get(ACCOUNT, key).status(), "the node still answers");
  }

  // ---------------------------------------------------------------- raw HTTP/1.1

  private record RawResponse(int status, String body) {
  }

  private static RawResponse raw(TestNode on, String key, String extraHeaders) throws IOException {
    return rawRequest(on, "Authorization: Bearer " + key + "\r\n" + extraHeaders);
  }

  private static RawResponse rawAuthorization(TestNode on, String authorization) throws IOException {
    return rawRequest(on, "Authorization: " + authorization + "\r\n");
  }

  /** One request on its own connection; a server that never answers fails the read after 30 s. */
  private static RawResponse rawRequest(TestNode on, String headers) throws IOException {
    int port = on.config.getJsonObject("http").getInteger("port");
    String request = "GET " + ACCOUNT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        + headers + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(reply.startsWith("HTTP/1.1 "), () -> "an HTTP answer: " + reply);
      int status = Integer.parseInt(reply.substring(9, 12));
      int end = reply.indexOf("\r\n\r\n");
      return new RawResponse(status, end < 0 ? "" : reply.substring(end + 4));
    }
  }
}

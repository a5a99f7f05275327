package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /nodes/{id}/allocations}: StoreAllocationRequest's rules (422), then
 * AssignmentService's reading of the address and ports, each refusal with Pterodactyl's exception name
 * and text (400), in its order: the CIDR mask, the address, then each port entry in turn.
 */
final class AllocationBody {

  private static final int CIDR_WIDEST = 25;
  private static final int CIDR_NARROWEST = 32;
  /** Ports must lie above this one: 1024 itself is refused. */
  private static final int PORT_FLOOR = 1024;
  private static final int PORT_CEIL = 65535;
  private static final int PORT_RANGE_LIMIT = 1000;
  /**
   * Pterodactyl takes any number of entries; a 1 MiB body holds some 80,000 ranges, each of up to 1000
   * ports, and reading them would hold the event loop for seconds.
   */
  private static final int MAX_PORT_ENTRIES = 1000;
  private static final int MAX_ALIAS = 191;
  private static final Pattern PORT_RANGE = Pattern.compile("^(\\d{4,5})-(\\d{4,5})$");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final IPAddressStringParameters LITERAL = new IPAddressStringParameters.Builder()
      .allowEmpty(false)
      .allowAll(false)
      .allowSingleSegment(false)
      .allowMask(false)
      .allowPrefix(false)
      .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
      .getIPv4AddressParametersBuilder().allow_inet_aton(false).getParentBuilder()
      .toParams();

  private AllocationBody() {
  }

  /**
   * Answers {@code {ips: [address...], ports: [port...], alias}} for persistence, or fails with a 422 or
   * a named 400. A host name is resolved (off the event loop) to its first IPv4 address, as PHP's
   * gethostbyname does.
   */
  static Future<JsonObject> parse(Vertx vertx, JsonObject body) {
    ValidationErrors errors = new ValidationErrors();
    String ip = errors.text(body, "ip", "ip", true, Integer.MAX_VALUE);
    String alias = errors.text(body, "alias", "alias", false, Integer.MAX_VALUE);
    if (alias != null && alias.length() > MAX_ALIAS) {
      errors.add("alias", "max", "The alias may not be greater than " + MAX_ALIAS + " characters.");
    }
    List<String> entries = portEntries(errors, body.getValue("ports"));
    try {
      errors.throwIfAny();
      return addresses(vertx, ip).map(ips -> new JsonObject()
          .put("ips", new JsonArray(ips))
          .put("ports", ports(entries))
          .put("alias", alias));
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
  }

  /** {@code ports}: required, an array, each element a string (a JSON number is refused, as in Pterodactyl). */
  private static List<String> portEntries(ValidationErrors errors, Object value) {
    List<String> entries = new ArrayList<>();
    if (value == null || value instanceof JsonArray a && a.isEmpty() || value instanceof JsonObject o && o.isEmpty()
        || InputRules.normalised(value) == null) {
      errors.add("ports", "required", "The ports field is required.");
      return entries;
    }
    if (!(value instanceof JsonArray array)) {
      errors.add("ports", "array", "The ports must be an array.");
      return entries;
    }
    // the items are not checked one by one then: that could be 80,000 entries in the answer
    if (array.size() > MAX_PORT_ENTRIES) {
      errors.add("ports", "max", "The ports may not have more than " + MAX_PORT_ENTRIES + " items.");
      return entries;
    }
    for (int i = 0; i < array.size(); i++) {
      if (InputRules.normalised(array.getValue(i)) instanceof String entry) {
        entries.add(entry);
      } else {
        errors.add("ports." + i, "string", "The ports." + i + " must be a string.");
      }
    }
    return entries;
  }

  private static Future<List<String>> addresses(Vertx vertx, String input) {
    if (input.indexOf('/') < 0) {
      IPAddress literal = new IPAddressString(input, LITERAL).getAddress();
      if (literal != null) {
        return Future.succeededFuture(List.of(literal.toCanonicalString()));
      }
      return vertx.executeBlocking(() -> firstIpv4(input), false)
          .compose(resolved -> resolved == null ? Future.failedFuture(unparsable(input))
              : Future.succeededFuture(List.of(resolved)));
    }
    String[] parts = input.split("/", -1);
    int bits = maskBits(parts[1]);
    if (bits < CIDR_WIDEST || bits > CIDR_NARROWEST) {
      return Future.failedFuture(TalonException.named(Failure.DISPLAY, "CidrOutOfRangeException",
          "CIDR notation only allows masks between /25 and /32."));
    }
    IPAddress base = parts.length == 2 ? new IPAddressString(parts[0], LITERAL).getAddress() : null;
    if (base == null || !base.isIPv4()) {
      return Future.failedFuture(unparsable(input));
    }
    int first = base.toIPv4().intValue() & (int) (0xFFFFFFFFL << (32 - bits));
    List<String> ips = new ArrayList<>();
    for (long i = 0; i < 1L << (32 - bits); i++) {
      ips.add(new IPv4Address(first + (int) i).toCanonicalString());
    }
    return Future.succeededFuture(ips);
  }

  /** The mask's value (leading zeros allowed, as PHP compares it as a number); -1 when it is not digits. */
  private static int maskBits(String mask) {
    if (!DIGITS.matcher(mask).matches()) {
      return -1;
    }
    String significant = mask.replaceFirst("^0+(?=\\d)", "");
    return significant.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(significant);
  }

  private static String firstIpv4(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address instanceof Inet4Address) {
          return address.getHostAddress();
        }
      }
    } catch (UnknownHostException | SecurityException unresolved) {
      return null;
    }
    return null;
  }

  private static TalonException unparsable(String input) {
    return TalonException.named(Failure.DISPLAY, "DisplayException",
        "Could not parse provided allocation IP address (" + input + "): Invalid IP address format");
  }

  /** Each entry a port ("25565") or a range ("25565-25570"), checked in order; the distinct ports, in order. */
  private static JsonArray ports(List<String> entries) {
    BitSet seen = new BitSet(PORT_CEIL + 1);
    JsonArray ports = new JsonArray();
    for (String entry : entries) {
      Matcher range = PORT_RANGE.matcher(entry);
      if (range.matches()) {
        int start = Integer.parseInt(range.group(1));
        int end = Integer.parseInt(range.group(2));
        if (Math.abs(end - start) + 1 > PORT_RANGE_LIMIT) {
          throw TalonException.named(Failure.DISPLAY, "TooManyPortsInRangeException",
              "Adding more than 1000 ports in a single range at once is not supported.");
        }
        // both ends are checked: a reversed range ("1100-1024") must not slip 1024 in
        checkPort(Math.min(start, end));
        checkPort(Math.max(start, end));
        for (int port = Math.min(start, end); port <= Math.max(start, end); port++) {
          addOnce(ports, seen, port);
        }
      } else if (DIGITS.matcher(entry).matches()) {
        int port = entry.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(entry);
        checkPort(port);
        addOnce(ports, seen, port);
      } else {
        throw TalonException.named(Failure.DISPLAY, "InvalidPortMappingException",
            "The mapping provided for " + entry + " was invalid and could not be processed.");
      }
    }
    return ports;
  }

  private static void addOnce(JsonArray ports, BitSet seen, int port) {
    if (!seen.get(port)) {
      seen.set(port);
      ports.add(port);
    }
  }

  private static void checkPort(int port) {
    if (port <= PORT_FLOOR || port > PORT_CEIL) {
      throw TalonException.named(Failure.DISPLAY, "PortOutOfRangeException",
          "Ports in an allocation must be greater than 1024 and less than or equal to 65535.");
    }
  }
}

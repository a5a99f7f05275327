package dev.talon.api;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Pterodactyl's (Laravel's) view of an input value: strings trimmed and an empty one taken as null
 * (its TrimStrings and ConvertEmptyStringsToNull middleware), and what its {@code boolean},
 * {@code numeric} and {@code integer} rules accept.
 */
final class InputRules {

  /** PHP's is_numeric on a trimmed string: a sign, digits with an optional fraction, an optional exponent. */
  private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

  private InputRules() {
  }

  /** The value as Pterodactyl's validation sees it: a string trimmed, and null when it is empty. */
  static Object normalised(Object value) {
    if (value instanceof String s) {
      String trimmed = s.strip();
      return trimmed.isEmpty() ? null : trimmed;
    }
    return value;
  }

  /** Laravel's {@code boolean}: true, false, 0, 1, "0" or "1"; null when the value is none of them. */
  static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      return n == 0 || n == 1 ? Boolean.valueOf(n == 1) : null;
    }
    if ("0".equals(value) || "1".equals(value)) {
      return "1".equals(value);
    }
    return null;
  }

  /** Laravel's {@code numeric}: a JSON number or a numeric string; null otherwise. */
  static BigDecimal numeric(Object value) {
    try {
      if (value instanceof Number n) {
        return new BigDecimal(n.toString());
      }
      if (value instanceof String s && NUMERIC.matcher(s).matches()) {
        return new BigDecimal(s);
      }
    } catch (NumberFormatException outOfRange) {
      return null;
    }
    return null;
  }

  /** Laravel's {@code integer}: a whole JSON number or a string of digits with an optional sign; null otherwise. */
  static Long integer(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n) {
      BigDecimal exact = numeric(n);
      if (exact == null) {
        return null;
      }
      try {
        return exact.longValueExact();
      } catch (ArithmeticException notWhole) {
        return null;
      }
    }
    if (value instanceof String s && INTEGER.matcher(s).matches()) {
      return Long.parseLong(s);
    }
    return null;
  }
}

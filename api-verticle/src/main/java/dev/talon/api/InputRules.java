package dev.talon.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Pterodactyl's (Laravel's) view of an input value: strings trimmed and an empty one taken as null
 * (its TrimStrings and ConvertEmptyStringsToNull middleware), and what its {@code boolean},
 * {@code numeric} and {@code integer} rules accept.
 */
final class InputRules {

  /**
   * The longest numeric string taken as a number: Jackson's limit on a JSON number literal. BigDecimal
   * parses in time quadratic in the length, and a body may hold a million digits.
   */
  static final int MAX_NUMBER_LENGTH = 1000;
  /**
   * PHP's is_numeric on a trimmed string: a sign, digits with an optional fraction, an optional exponent
   * of at most four digits (rounding 1e999999999 would build its billion digits on the event loop).
   */
  private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
  /** Past ten digits before the point a number is outside the int range. */
  private static final int INT_DIGITS = 10;
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
      if (value instanceof String s && s.length() <= MAX_NUMBER_LENGTH && NUMERIC.matcher(s).matches()) {
        return new BigDecimal(s);
      }
    } catch (NumberFormatException outOfRange) {
      return null;
    }
    return null;
  }

  /**
   * The number rounded as MySQL stores it in an integer column (halves away from zero), or null when that
   * is outside the int range. The size is read from precision and scale first, so that 1e9999 or 1e-9999
   * is never expanded into its digits.
   */
  static Integer roundedInt(BigDecimal number) {
    if (number.signum() == 0) {
      return 0;
    }
    long digitsBeforePoint = (long) number.precision() - number.scale();
    if (digitsBeforePoint > INT_DIGITS) {
      return null;
    }
    // below 0.1 in size: rounds to 0
    if (digitsBeforePoint < 0) {
      return 0;
    }
    BigInteger rounded = number.setScale(0, RoundingMode.HALF_UP).toBigInteger();
    return rounded.bitLength() < Integer.SIZE ? rounded.intValue() : null;
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

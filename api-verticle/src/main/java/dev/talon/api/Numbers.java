package dev.talon.api;

import java.math.BigDecimal;

/** Numbers in request bodies as Laravel reads them: JSON numbers, or strings holding one. */
final class Numbers {

  private Numbers() {
  }

  /** Null, or a string that is empty once trimmed: Pterodactyl's input normalisation makes it absent. */
  static boolean absent(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  /** The whole number {@code value} holds (a JSON integer or a string of one), or null if it holds none. */
  static Integer integer(Object value) {
    BigDecimal number = number(value);
    if (number == null) {
      return null;
    }
    try {
      return number.stripTrailingZeros().scale() <= 0 ? number.intValueExact() : null;
    } catch (ArithmeticException tooLarge) {
      return null;
    }
  }

  /** Whether {@code value} is numeric at all (Laravel's {@code numeric} rule). */
  static boolean numeric(Object value) {
    return number(value) != null;
  }

  private static BigDecimal number(Object value) {
    if (value instanceof Number n) {
      try {
        return new BigDecimal(n.toString());
      } catch (NumberFormatException notFinite) {
        return null;
      }
    }
    if (value instanceof String s && s.strip().matches("-?\\d{1,30}(\\.\\d{1,30})?")) {
      return new BigDecimal(s.strip());
    }
    return null;
  }
}

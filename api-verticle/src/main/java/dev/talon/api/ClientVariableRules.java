package dev.talon.api;

import dev.talon.contracts.ValidationErrors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An egg variable's Laravel rule string (e.g. {@code required|string|max:20}) applied to the value
 * a user sends for it, with Pterodactyl's (older Laravel) messages. Supported: required, nullable,
 * string, integer, numeric, boolean, max, min, between, in, regex and alpha_num; other rules pass.
 * As in Laravel, a null value skips every rule but required when the rules say nullable, a failed
 * required stops the checks, size rules count characters unless integer or numeric is among the
 * rules, and a rule string that starts with {@code regex:} is one rule, not split on {@code |}.
 */
final class ClientVariableRules {

  private static final Pattern INTEGER = Pattern.compile("^\\s*[+-]?\\d+\\s*$");
  private static final Pattern ALPHA_NUM = Pattern.compile("^[\\p{L}\\p{M}\\p{N}]+$");

  private ClientVariableRules() {
  }

  /** Checks {@code value} (already trimmed, empty as null) under {@code field}, naming it {@code label}. */
  static void check(String rules, Object value, String field, String label, ValidationErrors errors) {
    List<String> list = split(rules);
    boolean nullable = list.stream().anyMatch(r -> name(r).equals("nullable"));
    boolean numeric = list.stream().anyMatch(r -> name(r).equals("integer") || name(r).equals("numeric"));
    for (String rule : list) {
      String name = name(rule);
      String parameter = rule.indexOf(':') < 0 ? "" : rule.substring(rule.indexOf(':') + 1);
      if (name.equals("required")) {
        if (value == null || (value instanceof String s && s.isBlank())) {
          errors.add(field, "required", "The " + label + " field is required.");
          return;
        }
        continue;
      }
      if (value == null && nullable) {
        continue;
      }
      String failed = failure(name, parameter, value, numeric, label);
      if (failed != null) {
        errors.add(field, name, failed);
      }
    }
  }

  /** The message of a failed rule, or null when it passes (or is not one Talon checks). */
  private static String failure(String name, String parameter, Object value, boolean numeric, String label) {
    switch (name) {
      case "string":
        return value instanceof String ? null : "The " + label + " must be a string.";
      case "integer":
        return isInteger(value) ? null : "The " + label + " must be an integer.";
      case "numeric":
        return number(value) != null ? null : "The " + label + " must be a number.";
      case "boolean":
        return isBoolean(value) ? null : "The " + label + " field must be true or false.";
      case "alpha_num":
        return (value instanceof String || number(value) != null) && ALPHA_NUM.matcher(String.valueOf(value)).matches()
            ? null : "The " + label + " may only contain letters and numbers.";
      case "in":
        return csv(parameter).contains(value == null ? "" : text(value)) ? null : "The selected " + label + " is invalid.";
      case "regex":
        return matches(parameter, value) ? null : "The " + label + " format is invalid.";
      case "max":
      case "min":
      case "between":
        return size(name, parameter, value, numeric, label);
      default:
        return null;
    }
  }

  private static String size(String name, String parameter, Object value, boolean numeric, String label) {
    String[] bounds = parameter.split(",");
    BigDecimal low;
    BigDecimal high;
    try {
      low = name.equals("max") ? null : new BigDecimal(bounds[0].strip());
      high = name.equals("min") ? null : new BigDecimal(bounds[name.equals("between") ? 1 : 0].strip());
    } catch (RuntimeException badRule) {
      return null;
    }
    BigDecimal number = numeric ? number(value) : null;
    BigDecimal size = number != null ? number
        : BigDecimal.valueOf(value == null ? 0 : text(value).codePointCount(0, text(value).length()));
    boolean fits = (low == null || size.compareTo(low) >= 0) && (high == null || size.compareTo(high) <= 0);
    if (fits) {
      return null;
    }
    String unit = numeric ? "" : " characters";
    switch (name) {
      case "max":
        return "The " + label + " may not be greater than " + plain(high) + unit + ".";
      case "min":
        return "The " + label + " must be at least " + plain(low) + unit + ".";
      default:
        return "The " + label + " must be between " + plain(low) + " and " + plain(high) + unit + ".";
    }
  }

  private static boolean matches(String parameter, Object value) {
    if (!(value instanceof String) && number(value) == null) {
      return false;
    }
    Pattern pattern = phpPattern(parameter);
    return pattern != null && pattern.matcher(text(value)).find();
  }

  /** A PCRE literal {@code /body/flags} (any delimiter) as a Java pattern; null when it is not one. */
  static Pattern phpPattern(String literal) {
    if (literal.length() < 2) {
      return null;
    }
    char open = literal.charAt(0);
    char close = switch (open) {
      case '(' -> ')';
      case '{' -> '}';
      case '[' -> ']';
      case '<' -> '>';
      default -> open;
    };
    int end = literal.lastIndexOf(close);
    if (end <= 0) {
      return null;
    }
    int flags = 0;
    for (char flag : literal.substring(end + 1).toCharArray()) {
      switch (flag) {
        case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
        case 'm' -> flags |= Pattern.MULTILINE;
        case 's' -> flags |= Pattern.DOTALL;
        case 'x' -> flags |= Pattern.COMMENTS;
        case 'u' -> flags |= Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
        default -> {
        }
      }
    }
    try {
      return Pattern.compile(literal.substring(1, end), flags);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static List<String> split(String rules) {
    List<String> out = new ArrayList<>();
    if (rules == null || rules.isBlank()) {
      return out;
    }
    String trimmed = rules.strip();
    if (name(trimmed).equals("regex")) {
      out.add(trimmed);
      return out;
    }
    for (String rule : trimmed.split("\\|")) {
      if (!rule.isBlank()) {
        out.add(rule.strip());
      }
    }
    return out;
  }

  private static String name(String rule) {
    int colon = rule.indexOf(':');
    return (colon < 0 ? rule : rule.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
  }

  private static List<String> csv(String parameter) {
    List<String> out = new ArrayList<>();
    for (String piece : parameter.split(",", -1)) {
      String p = piece.strip();
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1);
      }
      out.add(p);
    }
    return out;
  }

  private static boolean isInteger(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return true;
    }
    return value instanceof String s && INTEGER.matcher(s).matches();
  }

  private static boolean isBoolean(Object value) {
    return value instanceof Boolean || (value instanceof Integer i && (i == 0 || i == 1))
        || "0".equals(value) || "1".equals(value);
  }

  private static BigDecimal number(Object value) {
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String text(Object value) {
    return value instanceof Boolean b ? (b ? "1" : "") : String.valueOf(value);
  }

  private static String plain(BigDecimal number) {
    return number.stripTrailingZeros().toPlainString();
  }
}

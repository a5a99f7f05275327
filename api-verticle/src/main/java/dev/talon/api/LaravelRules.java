package dev.talon.api;

import dev.talon.contracts.ValidationErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Laravel's validator as Pterodactyl runs it, for rule strings such as {@code "required|string|max:20"}:
 * the rules of a field run in order, a rule other than {@code required}/{@code present}/
 * {@code required_with}/{@code required_without} skips an absent field and an empty string (and a null
 * under {@code nullable}), a failed presence rule (or any failure under {@code bail}) ends the field, and
 * {@code min}/{@code max}/{@code between}/{@code size} measure numbers when the field has a numeric rule,
 * items of arrays, and characters otherwise. Each failure is one 422 entry with Pterodactyl's (older
 * Laravel) message and the rule's snake_case name. Egg variables carry such strings as data, so rules
 * Talon does not know, or whose parameters are unusable, are ignored rather than failing the request.
 *
 * <p>Values are JSON values after Pterodactyl's input normalisation (strings trimmed, {@code ""} made
 * null, see {@link #normalized}); scalars are compared as PHP would see them ({@code true} is "1").
 */
final class LaravelRules {

  /** At most 19 digits: PHP's integers are 64-bit, and a longer run of digits would cost a slow parse. */
  private static final Pattern PHP_INT = Pattern.compile("[+-]?(0|[1-9][0-9]{0,18})");
  /**
   * PHP's is_numeric, with the exponent held to four digits: a number such as 1e999999999 is refused here
   * rather than rounded (which would build its billion digits on the event loop).
   */
  private static final Pattern PHP_NUMERIC = Pattern.compile("[ \\t\\n\\r\\x0B\\f]*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?[ \\t\\n\\r\\x0B\\f]*");
  private static final BigInteger PHP_INT_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger PHP_INT_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Pattern ALPHA = Pattern.compile("\\A[\\p{L}\\p{M}]+\\z");
  private static final Pattern ALPHA_NUM = Pattern.compile("\\A[\\p{L}\\p{M}\\p{N}]+\\z");
  private static final Pattern ALPHA_DASH = Pattern.compile("\\A[\\p{L}\\p{M}\\p{N}_-]+\\z");
  private static final Pattern NON_DIGIT = Pattern.compile("[^0-9]");
  /** Laravel's URL test, simplified: a scheme, optional credentials, a host name, IPv4 or [IPv6], a port, the rest. */
  private static final Pattern URL = Pattern.compile("\\A[a-z][a-z0-9+.\\-]*://"
      + "(?:[^\\s:@/]+(?::[^\\s:@/]*)?@)?"
      + "(?:[\\p{L}\\p{N}\\p{S}\\p{M}\\-_]+(?:\\.[\\p{L}\\p{N}\\p{S}\\p{M}\\-_]+)*\\.?|\\[[0-9a-f:.]+\\])"
      + "(?::[0-9]{1,5})?(?:[/?#]\\S*)?\\z", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final List<String> NUMERIC_RULES = List.of("numeric", "integer", "decimal");
  private static final List<String> PRESENCE_RULES = List.of("required", "present", "filled", "required_with",
      "required_without");

  private LaravelRules() {
  }

  /** One rule of a rule string: its snake_case name (the 422 {@code rule}) and its parameters. */
  private record Rule(String name, List<String> parameters) {
  }

  /**
   * Checks {@code field} (a dotted path into {@code data}) against {@code rules}, adding one entry per
   * failed rule to {@code errors} under {@code field}; {@code label} replaces {@code :attribute} in the
   * messages. Answers whether the field passed.
   */
  static boolean check(ValidationErrors errors, JsonObject data, String field, String label, String rules) {
    List<Rule> parsed = parse(rules);
    boolean present = has(data, field);
    Object value = get(data, field);
    boolean nullable = hasRule(parsed, "nullable");
    boolean bail = hasRule(parsed, "bail");
    if (hasRule(parsed, "sometimes") && !present) {
      return true;
    }
    String type = parsed.stream().anyMatch(r -> NUMERIC_RULES.contains(r.name())) ? "numeric"
        : hasRule(parsed, "array") ? "array" : "string";
    boolean passed = true;
    for (Rule rule : parsed) {
      boolean presence = PRESENCE_RULES.contains(rule.name());
      if (!presence && (!present || isBlankString(value) || (nullable && value == null))) {
        continue;
      }
      String failure = failure(rule, data, present, value, type, label);
      if (failure == null) {
        continue;
      }
      errors.add(field, rule.name(), failure);
      passed = false;
      if (bail || presence) {
        break;
      }
    }
    return passed;
  }

  private static List<Rule> parse(String rules) {
    List<Rule> parsed = new ArrayList<>();
    if (rules == null) {
      return parsed;
    }
    for (String piece : rules.split("\\|")) {
      if (piece.isBlank()) {
        continue;
      }
      int colon = piece.indexOf(':');
      String name = snake(colon < 0 ? piece.strip() : piece.substring(0, colon).strip());
      String parameter = colon < 0 ? null : piece.substring(colon + 1);
      List<String> parameters = parameter == null ? List.of()
          : name.equals("regex") || name.equals("not_regex") ? List.of(parameter) : csv(parameter);
      parsed.add(new Rule(name, parameters));
    }
    return parsed;
  }

  private static boolean hasRule(List<Rule> rules, String name) {
    return rules.stream().anyMatch(r -> r.name().equals(name));
  }

  /** Laravel's names are StudlyCase internally: {@code alphaDash} and {@code alpha_dash} are one rule. */
  private static String snake(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && name.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toLowerCase(c));
    }
    String snake = out.toString();
    return snake.equals("int") ? "integer" : snake.equals("bool") ? "boolean" : snake;
  }

  /** PHP's str_getcsv, as Laravel splits rule parameters: commas, with double quotes around a piece. */
  private static List<String> csv(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          piece.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(piece.toString());
        piece.setLength(0);
      } else {
        piece.append(c);
      }
    }
    out.add(piece.toString());
    return out;
  }

  /** The message of a failed rule, or null when the rule passes (or is unknown, or unusable). */
  private static String failure(Rule rule, JsonObject data, boolean present, Object value, String type, String label) {
    List<String> p = rule.parameters();
    switch (rule.name()) {
      case "required":
        return isFilled(value) ? null : "The " + label + " field is required.";
      case "filled":
        return !present || isFilled(value) ? null : "The " + label + " field is required.";
      case "present":
        return present ? null : "The " + label + " field must be present.";
      case "required_with":
        return isFilled(value) || p.stream().noneMatch(other -> isFilled(get(data, other))) ? null
            : "The " + label + " field is required when " + labels(p) + " is present.";
      case "required_without":
        return isFilled(value) || p.stream().allMatch(other -> isFilled(get(data, other))) ? null
            : "The " + label + " field is required when " + labels(p) + " is not present.";
      case "string":
        return value instanceof String ? null : "The " + label + " must be a string.";
      case "integer":
        return isInteger(value) ? null : "The " + label + " must be an integer.";
      case "numeric":
        return isNumeric(value) ? null : "The " + label + " must be a number.";
      case "boolean":
        return isBoolean(value) ? null : "The " + label + " field must be true or false.";
      case "array":
        return value instanceof JsonObject || value instanceof JsonArray ? null : "The " + label + " must be an array.";
      case "min":
        return sized(p, 1, value, type, (size, n) -> size.compareTo(n[0]) >= 0, label, "must be at least :min",
            "must have at least :min items");
      case "max":
        return sized(p, 1, value, type, (size, n) -> size.compareTo(n[0]) <= 0, label, "may not be greater than :max",
            "may not have more than :max items");
      case "between":
        return sized(p, 2, value, type, (size, n) -> size.compareTo(n[0]) >= 0 && size.compareTo(n[1]) <= 0, label,
            "must be between :min and :max", "must have between :min and :max items");
      case "size":
        return sized(p, 1, value, type, (size, n) -> size.compareTo(n[0]) == 0, label, "must be :size",
            "must contain :size items");
      case "in":
        return isScalar(value) && p.stream().anyMatch(option -> looselyEqual(phpString(value), option)) ? null
            : "The selected " + label + " is invalid.";
      case "not_in":
        return isScalar(value) && p.stream().noneMatch(option -> looselyEqual(phpString(value), option)) ? null
            : "The selected " + label + " is invalid.";
      case "regex":
      case "not_regex":
        return regex(rule, value) ? null : "The " + label + " format is invalid.";
      case "alpha":
        return value instanceof String s && ALPHA.matcher(s).find() ? null
            : "The " + label + " may only contain letters.";
      case "alpha_num":
        return isStringOrNumeric(value) && ALPHA_NUM.matcher(phpString(value)).find() ? null
            : "The " + label + " may only contain letters and numbers.";
      case "alpha_dash":
        return isStringOrNumeric(value) && ALPHA_DASH.matcher(phpString(value)).find() ? null
            : "The " + label + " may only contain letters, numbers, and dashes.";
      case "url":
        return value instanceof String s && URL.matcher(s).find() ? null : "The " + label + " format is invalid.";
      case "digits":
        return digits(p, 1, value) ? null : "The " + label + " must be " + param(p, 0) + " digits.";
      case "digits_between":
        return digits(p, 2, value) ? null
            : "The " + label + " must be between " + param(p, 0) + " and " + param(p, 1) + " digits.";
      default:
        return null;
    }
  }

  @FunctionalInterface
  private interface SizeTest {
    boolean passes(BigDecimal size, BigDecimal[] limits);
  }

  /**
   * {@code min}/{@code max}/{@code between}/{@code size}: the message is the numeric, array or string
   * variant ({@code :min} etc. replaced by the parameters as written); unusable parameters ignore the rule.
   */
  private static String sized(List<String> p, int count, Object value, String type, SizeTest test, String label,
      String phrase, String arrayPhrase) {
    BigDecimal[] limits = numbers(p, count);
    if (limits == null) {
      return null;
    }
    if (test.passes(size(value, type), limits)) {
      return null;
    }
    String text = "array".equals(type) ? arrayPhrase : "string".equals(type) ? phrase + " characters" : phrase;
    text = text.replace(":min", param(p, 0)).replace(":size", param(p, 0))
        .replace(":max", count == 2 ? param(p, 1) : param(p, 0));
    return "The " + label + " " + text + ".";
  }

  /** Laravel's getSize: the number itself under a numeric rule, an array's items, else the characters. */
  private static BigDecimal size(Object value, String type) {
    BigDecimal number = "numeric".equals(type) ? numberValue(value) : null;
    if (number != null) {
      return number;
    }
    if (value instanceof JsonArray a) {
      return BigDecimal.valueOf(a.size());
    }
    if (value instanceof JsonObject o) {
      return BigDecimal.valueOf(o.size());
    }
    String text = phpString(value);
    return BigDecimal.valueOf(text == null ? 0 : text.codePointCount(0, text.length()));
  }

  private static BigDecimal[] numbers(List<String> p, int count) {
    if (p.size() < count) {
      return null;
    }
    BigDecimal[] out = new BigDecimal[count];
    for (int i = 0; i < count; i++) {
      out[i] = numberValue(p.get(i).strip());
      if (out[i] == null) {
        return null;
      }
    }
    return out;
  }

  private static String param(List<String> p, int index) {
    return index < p.size() ? p.get(index) : "";
  }

  private static String labels(List<String> fields) {
    List<String> out = new ArrayList<>();
    fields.forEach(f -> out.add(f.replace('_', ' ')));
    return String.join(" / ", out);
  }

  private static boolean regex(Rule rule, Object value) {
    if (!isStringOrNumeric(value) || rule.parameters().isEmpty()) {
      return false;
    }
    Pattern pattern = pcre(rule.parameters().get(0));
    // a broken pattern in an egg stops the value from being accepted unchecked
    if (pattern == null) {
      return false;
    }
    boolean found = pattern.matcher(phpString(value)).find();
    return rule.name().equals("regex") == found;
  }

  /** A PHP preg pattern ({@code /body/flags}, any delimiter) as a Java pattern; null when it is not one. */
  private static Pattern pcre(String spec) {
    String s = spec.strip();
    if (s.length() < 2) {
      return null;
    }
    char open = s.charAt(0);
    if (Character.isLetterOrDigit(open) || open == '\\') {
      return null;
    }
    char close = open == '(' ? ')' : open == '{' ? '}' : open == '[' ? ']' : open == '<' ? '>' : open;
    int end = s.lastIndexOf(close);
    if (end <= 0) {
      return null;
    }
    int flags = 0;
    for (char f : s.substring(end + 1).toCharArray()) {
      switch (f) {
        case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
        case 'm' -> flags |= Pattern.MULTILINE;
        case 's' -> flags |= Pattern.DOTALL;
        case 'x' -> flags |= Pattern.COMMENTS;
        case 'u' -> flags |= Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
        case 'D' -> { }
        default -> {
          return null;
        }
      }
    }
    try {
      return Pattern.compile(s.substring(1, end), flags);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static boolean digits(List<String> p, int count, Object value) {
    BigDecimal[] limits = numbers(p, count);
    if (limits == null) {
      return true;
    }
    if (!isScalar(value)) {
      return false;
    }
    String text = phpString(value);
    int length = text.length();
    boolean inRange = count == 1 ? limits[0].compareTo(BigDecimal.valueOf(length)) == 0
        : limits[0].compareTo(BigDecimal.valueOf(length)) <= 0 && limits[1].compareTo(BigDecimal.valueOf(length)) >= 0;
    return !NON_DIGIT.matcher(text).find() && inRange;
  }

  /** Laravel's "required": not null, not a blank string, not an empty array. */
  static boolean isFilled(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof String s) {
      return !s.isBlank();
    }
    if (value instanceof JsonArray a) {
      return !a.isEmpty();
    }
    if (value instanceof JsonObject o) {
      return !o.isEmpty();
    }
    return true;
  }

  private static boolean isBlankString(Object value) {
    return value instanceof String s && s.isBlank();
  }

  private static boolean isScalar(Object value) {
    return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
  }

  private static boolean isStringOrNumeric(Object value) {
    return value instanceof String || isNumeric(value);
  }

  /** PHP's filter_var(FILTER_VALIDATE_INT), as Laravel's "integer" rule: "42" and 42.0 are integers. */
  static boolean isInteger(Object value) {
    return integerValue(value) != null;
  }

  /** The integer Laravel's "integer" rule accepts, or null when it would refuse the value. */
  static BigInteger integerValue(Object value) {
    if (!isScalar(value) || value == null) {
      return null;
    }
    String text = phpString(value).strip();
    if (!PHP_INT.matcher(text).matches()) {
      return null;
    }
    BigInteger n = new BigInteger(text);
    return n.compareTo(PHP_INT_MIN) < 0 || n.compareTo(PHP_INT_MAX) > 0 ? null : n;
  }

  /** PHP's is_numeric: numbers, and strings such as "12", " 1.5", "1e3". */
  static boolean isNumeric(Object value) {
    return numberValue(value) != null;
  }

  /**
   * The number of a value PHP's is_numeric accepts, or null. Refusals PHP does not make: an exponent of
   * more than four digits, a JSON number too large for a double (1e999 reads as infinity, which no
   * BigDecimal holds), and a numeric string longer than Jackson lets a JSON number literal be, as parsing
   * one takes time quadratic in its length.
   */
  static BigDecimal numberValue(Object value) {
    String text = value instanceof Number ? phpString(value)
        : value instanceof String s && s.length() <= InputRules.MAX_NUMBER_LENGTH && PHP_NUMERIC.matcher(s).matches()
            ? s.strip() : null;
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException infinite) {
      return null;
    }
  }

  /** Laravel's "boolean": true, false, 0, 1, "0" and "1" only. */
  static boolean isBoolean(Object value) {
    if (value instanceof Boolean) {
      return true;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
      long n = ((Number) value).longValue();
      return n == 0 || n == 1;
    }
    return "0".equals(value) || "1".equals(value);
  }

  /** A value that passed "boolean", as a boolean. */
  static boolean booleanValue(Object value) {
    return Boolean.TRUE.equals(value) || "1".equals(value) || (value instanceof Number n && n.longValue() == 1);
  }

  /** A scalar as PHP turns it into a string: true is "1", false "", 42.0 "42", null stays null. */
  static String phpString(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean b) {
      return b ? "1" : "";
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return Double.toString(d).toUpperCase(Locale.ROOT);
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return value instanceof JsonObject o ? o.encode() : value instanceof JsonArray a ? a.encode() : value.toString();
  }

  /** PHP 8's {@code ==} on two strings: numerically when both are numeric strings, else exactly. */
  private static boolean looselyEqual(String a, String b) {
    if (a == null) {
      return b.isEmpty();
    }
    if (a.equals(b)) {
      return true;
    }
    BigDecimal left = numberValue(a);
    BigDecimal right = numberValue(b);
    return left != null && right != null && left.compareTo(right) == 0;
  }

  /** Whether the dotted {@code path} names a key that is there (even with a null value). */
  static boolean has(JsonObject data, String path) {
    Object current = data;
    for (String segment : path.split("\\.")) {
      if (current instanceof JsonObject o && o.containsKey(segment)) {
        current = o.getValue(segment);
      } else if (current instanceof JsonArray a && segment.matches("\\d{1,9}") && Integer.parseInt(segment) < a.size()) {
        current = a.getValue(Integer.parseInt(segment));
      } else {
        return false;
      }
    }
    return true;
  }

  /** The value at the dotted {@code path}, or null. */
  static Object get(JsonObject data, String path) {
    Object current = data;
    for (String segment : path.split("\\.")) {
      if (current instanceof JsonObject o) {
        current = o.getValue(segment);
      } else if (current instanceof JsonArray a && segment.matches("\\d{1,9}") && Integer.parseInt(segment) < a.size()) {
        current = a.getValue(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return current;
  }

  /**
   * Pterodactyl's input normalisation (Laravel's TrimStrings and ConvertEmptyStringsToNull, applied to
   * every request): strings trimmed at any depth, and empty strings turned into null.
   */
  static JsonObject normalized(JsonObject body) {
    JsonObject out = new JsonObject();
    body.forEach(e -> out.put(e.getKey(), normalizedValue(e.getValue())));
    return out;
  }

  private static Object normalizedValue(Object value) {
    if (value instanceof String s) {
      String trimmed = s.strip();
      return trimmed.isEmpty() ? null : trimmed;
    }
    if (value instanceof JsonObject o) {
      return normalized(o);
    }
    if (value instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(normalizedValue(v)));
      return out;
    }
    return value;
  }
}

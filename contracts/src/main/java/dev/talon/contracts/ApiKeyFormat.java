package dev.talon.contracts;

/**
 * The key format of the seed: {@code {prefix}_{identifier}{token}}, 5 + 16 + 32 = 53 characters,
 * alphabet {@code [A-Za-z0-9]} after the prefix. Parsing looks nothing up: anything else is rejected
 * before any cache or database is consulted.
 */
public final class ApiKeyFormat {

  public static final int PREFIX_LENGTH = 5;
  public static final int IDENTIFIER_LENGTH = 16;
  public static final int TOKEN_LENGTH = 32;
  public static final int KEY_LENGTH = PREFIX_LENGTH + IDENTIFIER_LENGTH + TOKEN_LENGTH;
  /** Prefix plus identifier: how a key is named in URLs and listings. */
  public static final int PUBLIC_IDENTIFIER_LENGTH = PREFIX_LENGTH + IDENTIFIER_LENGTH;

  private ApiKeyFormat() {
  }

  /** A key split in its parts. {@link #toString()} never shows the token. */
  public static final class ParsedKey {
    private final KeyType type;
    private final String identifier;
    private final String token;

    ParsedKey(KeyType type, String identifier, String token) {
      this.type = type;
      this.identifier = identifier;
      this.token = token;
    }

    public KeyType type() {
      return type;
    }

    /** The 16 random characters after the prefix. */
    public String identifier() {
      return identifier;
    }

    /** The 32-character secret. */
    public String token() {
      return token;
    }

    public String publicIdentifier() {
      return type.prefix() + identifier;
    }

    @Override
    public String toString() {
      return publicIdentifier();
    }
  }

  /** The key of an {@code Authorization} header value, or null when it is not a bearer credential. */
  public static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer", 0, 6)
        || !Character.isWhitespace(value.charAt(6))) {
      return null;
    }
    return value.substring(7).strip();
  }

  /** The parts of a well-formed key, or null: wrong length, unknown prefix or a foreign character. */
  public static ParsedKey parse(String key) {
    if (key == null || key.length() != KEY_LENGTH) {
      return null;
    }
    KeyType type = KeyType.ofPrefix(key);
    if (type == null) {
      return null;
    }
    for (int i = PREFIX_LENGTH; i < KEY_LENGTH; i++) {
      if (!isAlphanumeric(key.charAt(i))) {
        return null;
      }
    }
    return new ParsedKey(type, key.substring(PREFIX_LENGTH, PUBLIC_IDENTIFIER_LENGTH),
        key.substring(PUBLIC_IDENTIFIER_LENGTH));
  }

  /** Splits a public identifier ({@code ptlc_} + 16 characters) into type and identifier, or null. */
  public static ParsedKey parsePublicIdentifier(String publicIdentifier) {
    if (publicIdentifier == null || publicIdentifier.length() != PUBLIC_IDENTIFIER_LENGTH) {
      return null;
    }
    KeyType type = KeyType.ofPrefix(publicIdentifier);
    if (type == null) {
      return null;
    }
    for (int i = PREFIX_LENGTH; i < PUBLIC_IDENTIFIER_LENGTH; i++) {
      if (!isAlphanumeric(publicIdentifier.charAt(i))) {
        return null;
      }
    }
    return new ParsedKey(type, publicIdentifier.substring(PREFIX_LENGTH), "");
  }

  private static final boolean[] ALPHANUMERIC = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      ALPHANUMERIC[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      ALPHANUMERIC[c] = true;
      ALPHANUMERIC[Character.toUpperCase(c)] = true;
    }
  }

  private static boolean isAlphanumeric(char c) {
    return c < 128 && ALPHANUMERIC[c];
  }
}

package dev.talon.contracts;

/** The two kinds of API key, with the prefix that marks them and Pterodactyl's key_type number. */
public enum KeyType {
  CLIENT("ptlc_", 1, "client"),
  APPLICATION("ptla_", 2, "application");

  private final String prefix;
  private final int storedType;
  private final String jsonName;

  KeyType(String prefix, int storedType, String jsonName) {
    this.prefix = prefix;
    this.storedType = storedType;
    this.jsonName = jsonName;
  }

  public String prefix() {
    return prefix;
  }

  public int storedType() {
    return storedType;
  }

  public String jsonName() {
    return jsonName;
  }

  /** {@code values()} copies its array on every call: this is on the path of every request. */
  private static final KeyType[] ALL = values();

  public static KeyType ofPrefix(String key) {
    if (key == null) {
      return null;
    }
    for (KeyType t : ALL) {
      if (key.startsWith(t.prefix)) {
        return t;
      }
    }
    return null;
  }

  public static KeyType ofStored(int stored) {
    for (KeyType t : values()) {
      if (t.storedType == stored) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown key type " + stored);
  }

  public static KeyType ofJson(String name) {
    for (KeyType t : values()) {
      if (t.jsonName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }
}

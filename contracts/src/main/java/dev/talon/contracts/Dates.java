package dev.talon.contracts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Dates as Pterodactyl writes them: ISO-8601 with seconds and a numeric offset, in UTC. */
public final class Dates {

  private static final DateTimeFormatter ATOM = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
  private static final DateTimeFormatter ISO_MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private Dates() {
  }

  public static String atom(OffsetDateTime time) {
    return time == null ? null : ATOM.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** As Laravel serialises a model's dates (raw rows such as egg variables): UTC, microseconds, {@code Z}. */
  public static String isoMicro(OffsetDateTime time) {
    return time == null ? null : ISO_MICRO.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }

  public static String atom(Instant time) {
    return time == null ? null : ATOM.format(time.atOffset(ZoneOffset.UTC));
  }

  /** Parses an ISO-8601 date-time with an offset (or {@code Z}); null when it is not one. */
  public static OffsetDateTime parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

package dev.pgrunbooks.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 90s}, {@code 30m}, {@code 24h}, {@code 30d}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

  private Durations() {}

  public static Duration parse(String text, String field) {
    String s = text == null ? "" : text.trim();
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      });
      end = m.end();
    }
    if (s.isEmpty() || end != s.length()) {
      throw new ConfigException(field + ": '" + text + "' is not a duration; write e.g. 90s, 30m, 24h, 30d or 1h30m");
    }
    return total;
  }
}

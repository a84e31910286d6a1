package dev.pgrunbooks.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them: 850 ms, 4.2 s, 3m 05s, 1h 02m. */
final class HumanDuration {
  private HumanDuration() {}

  static String of(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}

package dev.pgrunbooks.cli;

import java.util.Locale;

/** Sizes as people read them: 512 B, 3.4 MiB, 12.0 GiB. */
final class Bytes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

  private Bytes() {}

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}

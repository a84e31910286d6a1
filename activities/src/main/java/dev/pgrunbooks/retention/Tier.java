package dev.pgrunbooks.retention;

import java.util.Set;
import java.util.stream.Collectors;

/** Why retention holds on to a verified backup; a backup may hold several tiers. */
public enum Tier {
  DAILY("daily"),
  WEEKLY("weekly"),
  MONTHLY("monthly"),
  /** The newest verified backup: never pruned, whatever the windows say. */
  NEWEST("newest");

  private final String label;

  Tier(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** {@code "daily,weekly,newest"}: labels in tier order, or {@code ""} for none. */
  public static String join(Set<Tier> tiers) {
    return tiers.stream().sorted().map(Tier::label).collect(Collectors.joining(","));
  }
}

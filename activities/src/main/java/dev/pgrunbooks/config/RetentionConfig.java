package dev.pgrunbooks.config;

/** How many of each tier to keep: newest backup of each of the last N days, ISO weeks, months. */
public record RetentionConfig(Integer daily, Integer weekly, Integer monthly) {
  public RetentionConfig {
    daily = daily == null ? 7 : daily;
    weekly = weekly == null ? 4 : weekly;
    monthly = monthly == null ? 3 : monthly;
    if (daily < 0 || weekly < 0 || monthly < 0) {
      throw new ConfigException("retention counts must be zero or more, got daily=" + daily
          + " weekly=" + weekly + " monthly=" + monthly);
    }
  }

  public static RetentionConfig defaults() {
    return new RetentionConfig(7, 4, 3);
  }
}

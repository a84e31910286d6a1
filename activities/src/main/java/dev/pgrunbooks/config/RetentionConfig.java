package dev.pgrunbooks.config;

/** How many of each tier to keep: newest backup of each of the last N days, ISO weeks, months. */
public record RetentionConfig(Integer daily, Integer weekly, Integer monthly) {
  public RetentionConfig {
    // Ranges are checked by ConfigLoader against ConfigKey.
    daily = daily == null ? ConfigKey.RETENTION_DAILY.defaultInt() : daily;
    weekly = weekly == null ? ConfigKey.RETENTION_WEEKLY.defaultInt() : weekly;
    monthly = monthly == null ? ConfigKey.RETENTION_MONTHLY.defaultInt() : monthly;
  }

  public static RetentionConfig defaults() {
    return new RetentionConfig(null, null, null);
  }
}

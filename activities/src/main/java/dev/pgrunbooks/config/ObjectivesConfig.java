package dev.pgrunbooks.config;

/** Recovery objectives, as durations like {@code 24h}, {@code 1h}, {@code 30m}. */
public record ObjectivesConfig(String rpo, String rto) {
  public ObjectivesConfig {
    if (rpo != null) {
      Durations.parse(rpo, "objectives.rpo");
    }
    if (rto != null) {
      Durations.parse(rto, "objectives.rto");
    }
  }
}

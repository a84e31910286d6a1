package dev.pgrunbooks.config;

/**
 * Recovery objectives, as durations like {@code 24h}, {@code 1h}, {@code 30m}; unset: none. Checked by
 * {@link ConfigLoader} against {@link ConfigKey#OBJECTIVES_RPO} and {@link ConfigKey#OBJECTIVES_RTO}.
 */
public record ObjectivesConfig(String rpo, String rto) {}

package dev.pgrunbooks.restore;

/** The application's health endpoint after the restore. */
public record HealthReport(String url, boolean healthy, String statusLine, String bodyExcerpt, int attempts) {}

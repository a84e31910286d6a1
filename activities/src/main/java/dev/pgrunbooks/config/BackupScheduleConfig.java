package dev.pgrunbooks.config;

/** When the scheduled backup runs (cron, UTC). */
public record BackupScheduleConfig(String cron) {}

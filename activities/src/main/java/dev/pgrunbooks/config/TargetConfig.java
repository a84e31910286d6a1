package dev.pgrunbooks.config;

import java.util.List;

/**
 * One database the runbooks protect. Its password is never written here: {@code passwordEnv} names
 * the worker's environment variable that holds it, or {@code passwordFile} a file that does.
 */
public record TargetConfig(
    String host,
    Integer port,
    String database,
    String user,
    String passwordEnv,
    String passwordFile,
    Integer jobs,
    String healthUrl,
    String healthExpect,
    List<String> migrateCommand,
    String smokeSql,
    RetentionConfig retention,
    ObjectivesConfig objectives,
    RehearsalConfig rehearsal,
    BackupScheduleConfig backup,
    String privileges,
    String smokeRole) {

  /** Owners, grants and database settings restored as the source had them (the default). */
  public static final String PRIVILEGES_KEEP = "keep";
  /** {@code pg_restore --no-owner --no-privileges} into a database owned by the runbook's user. */
  public static final String PRIVILEGES_DROP = "drop";

  public TargetConfig {
    host = host == null ? ConfigKey.TARGET_HOST.defaultText() : host;
    port = port == null ? ConfigKey.TARGET_PORT.defaultInt() : port;
    user = user == null ? ConfigKey.TARGET_USER.defaultText() : user;
    jobs = jobs == null ? ConfigKey.TARGET_JOBS.defaultInt() : jobs;
    migrateCommand = migrateCommand == null ? List.of() : List.copyOf(migrateCommand);
    retention = retention == null ? RetentionConfig.defaults() : retention;
    objectives = objectives == null ? new ObjectivesConfig(null, null) : objectives;
    privileges = privileges == null ? ConfigKey.TARGET_PRIVILEGES.defaultText() : privileges;
  }

  /** A restore keeps owners, grants and per-role settings (not {@code privileges: drop}). */
  public boolean keepsPrivileges() {
    return !PRIVILEGES_DROP.equals(privileges);
  }

  public String describe() {
    return database + " on " + host + ":" + port;
  }
}

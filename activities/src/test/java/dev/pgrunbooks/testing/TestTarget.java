package dev.pgrunbooks.testing;

import dev.pgrunbooks.config.BackupScheduleConfig;
import dev.pgrunbooks.config.ObjectivesConfig;
import dev.pgrunbooks.config.RehearsalConfig;
import dev.pgrunbooks.config.TargetConfig;
import java.util.List;

/**
 * One target of a {@link TestConfig}: a database on the {@link PgFixture} server unless {@link #at} says
 * otherwise, with only the settings a test names; everything else keeps the defaults of runbooks.yaml.
 */
public final class TestTarget {
  private String host = PgFixture.HOST;
  private int port = PgFixture.PORT;
  private final String database;
  private String user = PgFixture.USER;
  private String passwordEnv;
  private String healthUrl;
  private String healthExpect;
  private String smokeSql;
  private List<String> migrateCommand;
  private ObjectivesConfig objectives;
  private RehearsalConfig rehearsal;
  private BackupScheduleConfig backup;
  private String privileges;
  private String smokeRole;

  TestTarget(String database) {
    this.database = database;
  }

  /** Another server than the fixture's (e.g. a port nothing listens on). */
  public TestTarget at(String host, int port) {
    this.host = host;
    this.port = port;
    return this;
  }

  public TestTarget user(String user) {
    this.user = user;
    return this;
  }

  /** The worker's environment variable holding the password. */
  public TestTarget passwordEnv(String variable) {
    this.passwordEnv = variable;
    return this;
  }

  /** The application's health endpoint the restore probes, and what its body must contain. */
  public TestTarget health(String url, String expect) {
    this.healthUrl = url;
    this.healthExpect = expect;
    return this;
  }

  /** The file of smoke queries a rehearsal runs. */
  public TestTarget smokeSql(String file) {
    this.smokeSql = file;
    return this;
  }

  /** What the restore runs after pg_restore, e.g. the application's migrations. */
  public TestTarget migrateCommand(List<String> command) {
    this.migrateCommand = command;
    return this;
  }

  public TestTarget objectives(String rpo, String rto) {
    this.objectives = new ObjectivesConfig(rpo, rto);
    return this;
  }

  /** A rehearsal section (random-weekly pick, 30 days' window); a null cron: rehearsed only on demand. */
  public TestTarget rehearsalCron(String cron) {
    this.rehearsal = new RehearsalConfig(cron, null, "30d");
    return this;
  }

  public TestTarget backupCron(String cron) {
    this.backup = cron == null ? null : new BackupScheduleConfig(cron);
    return this;
  }

  /** {@code keep} (the default) or {@code drop}. */
  public TestTarget privileges(String privileges) {
    this.privileges = privileges;
    return this;
  }

  /** The role smoke queries run as. */
  public TestTarget smokeRole(String role) {
    this.smokeRole = role;
    return this;
  }

  TargetConfig build() {
    return new TargetConfig(host, port, database, user, passwordEnv, null, 2, healthUrl, healthExpect, migrateCommand, smokeSql,
        null, objectives, rehearsal, backup, privileges, smokeRole);
  }
}

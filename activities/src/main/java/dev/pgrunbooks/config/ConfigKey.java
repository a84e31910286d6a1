package dev.pgrunbooks.config;

import dev.pgrunbooks.config.ValueRule.BackupPick;
import dev.pgrunbooks.config.ValueRule.Command;
import dev.pgrunbooks.config.ValueRule.Cron;
import dev.pgrunbooks.config.ValueRule.DurationRange;
import dev.pgrunbooks.config.ValueRule.Flag;
import dev.pgrunbooks.config.ValueRule.IntRange;
import dev.pgrunbooks.config.ValueRule.OneOf;
import dev.pgrunbooks.config.ValueRule.Text;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key of {@code runbooks.yaml}, once: the path as users write it, what it may be, its default
 * and one line of documentation. The records take their defaults from here, {@link ConfigLoader}
 * checks every loaded value against its rule, and the README's configuration table and
 * {@code docs/configuration.md} are generated from it (a test fails when they differ).
 */
public enum ConfigKey {
  STORAGE_TYPE("storage.type", new OneOf(List.of(StorageConfig.LOCAL, StorageConfig.S3)), StorageConfig.LOCAL,
      "where backups are kept"),
  STORAGE_PATH("storage.path", new Text(), "./var/backups",
      "local: the directory of the store (the default applies to any local store without a path)"),
  STORAGE_PREFIX("storage.prefix", new Text(), "", "prepended to every key; must end with `/`"),
  STORAGE_BUCKET("storage.bucket", new Text(), null, "s3: the bucket (required)"),
  STORAGE_ENDPOINT("storage.endpoint", new Text(), null,
      "s3: any S3-compatible endpoint, e.g. `http://127.0.0.1:9090`; unset: AWS"),
  STORAGE_REGION("storage.region", new Text(), "us-east-1", "s3: the region"),
  STORAGE_PATH_STYLE("storage.pathStyle", new Flag(), false, "s3: path-style URLs (most S3-compatible stores)"),
  STORAGE_SSE("storage.sse", new OneOf(List.of("AES256", "aws:kms")), null,
      "s3: server-side encryption; `aws:kms` needs `storage.kmsKeyId`"),
  STORAGE_KMS_KEY_ID("storage.kmsKeyId", new Text(), null, "s3: the KMS key of `aws:kms`"),
  // S3 rejects parts under 5 MiB; it would take 5 GiB, but an upload holds a few parts in memory, so
  // the upper bound protects the worker's heap.
  STORAGE_PART_SIZE_MIB("storage.partSizeMiB", new IntRange(5, 512), 16,
      "s3: multipart part size in MiB; an upload's memory is a small multiple of it"),

  TARGET_HOST("targets.<name>.host", new Text(), "127.0.0.1", "the server"),
  TARGET_PORT("targets.<name>.port", new IntRange(1, 65535), 5432, "the server's port"),
  TARGET_DATABASE("targets.<name>.database", new Text(), null, "the database to protect (required)"),
  TARGET_USER("targets.<name>.user", new Text(), "postgres", "the role the runbooks connect as"),
  TARGET_PASSWORD_ENV("targets.<name>.passwordEnv", new Text(), null,
      "the **worker's** environment variable holding the password"),
  TARGET_PASSWORD_FILE("targets.<name>.passwordFile", new Text(), null,
      "or a file holding it (not both); neither: trust or `.pgpass`"),
  TARGET_JOBS("targets.<name>.jobs", new IntRange(1, 64), 2, "parallel `pg_restore` jobs"),
  TARGET_HEALTH_URL("targets.<name>.healthUrl", new Text(), null,
      "restore: health probe after the restore; unset: skipped"),
  TARGET_HEALTH_EXPECT("targets.<name>.healthExpect", new Text(), null,
      "restore: text the health probe's answer must contain"),
  TARGET_MIGRATE_COMMAND("targets.<name>.migrateCommand", new Command(), null,
      "restore and rehearsal: command run without a shell against the restored database"),
  TARGET_SMOKE_SQL("targets.<name>.smokeSql", new Text(), null,
      "rehearsal: SQL file of read-only queries (5 min each), each must return true in its first column"),
  TARGET_PRIVILEGES("targets.<name>.privileges",
      new OneOf(List.of(TargetConfig.PRIVILEGES_KEEP, TargetConfig.PRIVILEGES_DROP)), TargetConfig.PRIVILEGES_KEEP,
      "restore: `keep` owners, grants, default privileges and per-role settings as the source had them (the roles"
          + " must exist, or `--create-missing-roles`); `drop` restores without them, owned by `user`, for a cluster"
          + " without the source's roles"),
  TARGET_SMOKE_ROLE("targets.<name>.smokeRole", new Text(), null,
      "rehearsal: run the smoke queries as this role (`SET ROLE`), e.g. the application's; not with"
          + " `privileges: drop`"),
  // Upper bounds only catch typos (70000 for 7); nobody keeps a thousand of one tier.
  RETENTION_DAILY("targets.<name>.retention.daily", new IntRange(0, 1000), 7,
      "keep the newest backup of each of the last N days"),
  RETENTION_WEEKLY("targets.<name>.retention.weekly", new IntRange(0, 1000), 4,
      "keep the newest backup of each of the last N ISO weeks"),
  RETENTION_MONTHLY("targets.<name>.retention.monthly", new IntRange(0, 1000), 3,
      "keep the newest backup of each of the last N months"),
  OBJECTIVES_RPO("targets.<name>.objectives.rpo", new DurationRange("1m", "366d"), null,
      "recovery point objective: rehearsals report (and alert on) the newest verified backup's age against it"),
  OBJECTIVES_RTO("targets.<name>.objectives.rto", new DurationRange("1m", "366d"), null,
      "recovery time objective: a rehearsal whose restore takes longer fails"),
  REHEARSAL_CRON("targets.<name>.rehearsal.cron", new Cron(), null,
      "the schedule `rehearsal-<name>` (`runbook schedule apply`), e.g. `0 3 1 * *`"),
  REHEARSAL_PICK("targets.<name>.rehearsal.pick", new BackupPick(), "random-weekly",
      "which backup a rehearsal restores when none is given"),
  REHEARSAL_WINDOW("targets.<name>.rehearsal.window", new DurationRange("1d", "366d"), "30d",
      "`random-weekly` picks among weekly backups taken this long before the rehearsal"),
  BACKUP_CRON("targets.<name>.backup.cron", new Cron(), null,
      "the schedule `backup-<name>` (`runbook schedule apply`), e.g. `0 2 * * *`"),

  NOTIFY_WEBHOOK_URL("notify.webhookUrl", new Text(), null,
      "Slack-compatible webhook for failures, warnings and runbooks waiting for someone; unset: none"),
  NOTIFY_ON_SUCCESS("notify.onSuccess", new Flag(), false, "also post when a backup or rehearsal succeeds"),

  WORKER_TASK_QUEUE("worker.taskQueue", new Text(), "pg-runbooks", "task queue the worker polls and runbooks start on"),
  WORKER_METRICS_PORT("worker.metricsPort", new IntRange(0, 65535), 9464, "Prometheus `/metrics` port; `0` turns it off"),
  WORKER_LIVE_COUNT_TABLE_BUDGET("worker.liveCountTableBudget", new DurationRange("1s", "1h"), "30s",
      "restore: SnapshotLiveCounts waits at most this for each table's lock and count; over it, the planner's "
          + "estimate is recorded, marked as such"),
  WORKER_WORK_DIR("worker.workDir", new Text(), "./var/work", "scratch space of the worker (downloaded dumps)"),

  TOOLS_BIN_DIR("tools.binDir", new Text(), null,
      "directory of `pg_dump`, `pg_restore`, `psql`, looked in first; tools of another major than the server are passed over"),
  TOOLS_SEARCH_ROOT("tools.searchRoot", new Text(), "/usr/lib/postgresql",
      "then `<searchRoot>/<server major>/bin` (Debian/PGDG layout), then `PATH`"),
  TOOLS_ALLOW_NEWER_PG_DUMP("tools.allowNewerPgDump", new Flag(), false,
      "dump with a newer `pg_dump` when none of the server's major is found; only if every restore goes to a server at least as new");

  /** Stands for a target's name in {@link #path()}. */
  public static final String TARGET_NAME = "<name>";

  private static final Map<String, ConfigKey> BY_PATH =
      Arrays.stream(values()).collect(Collectors.toMap(ConfigKey::path, Function.identity()));

  private final String path;
  private final ValueRule rule;
  private final Object defaultValue;
  private final String doc;

  ConfigKey(String path, ValueRule rule, Object defaultValue, String doc) {
    this.path = path;
    this.rule = rule;
    this.defaultValue = defaultValue;
    this.doc = doc;
  }

  /** As users write it, with {@code <name>} for the target's name: {@code targets.<name>.jobs}. */
  public String path() {
    return path;
  }

  public ValueRule rule() {
    return rule;
  }

  /** The default, or null when unset means "none". */
  public Object defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  public String defaultText() {
    return (String) defaultValue;
  }

  public int defaultInt() {
    return (Integer) defaultValue;
  }

  public boolean defaultFlag() {
    return (Boolean) defaultValue;
  }

  /** The integer range of this key. */
  public IntRange range() {
    return (IntRange) rule;
  }

  public static Optional<ConfigKey> byPath(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }
}

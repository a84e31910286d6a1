package dev.pgrunbooks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the loader checks against {@link ConfigKey} when the file loads, and the defaults it fills in. */
class ConfigLoaderChecksTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of());

  private RunbookConfig load(String yaml) {
    return loader.parse(yaml, "runbooks.yaml");
  }

  private RunbookConfig target(String settings) {
    return load("targets:\n  orders:\n    database: orders\n" + settings.indent(4));
  }

  @Test
  void aLocalStoreWithoutPathGetsTheDefaultPathAlsoWithAStorageBlock() {
    assertThat(load("storage:\n  prefix: postgres/\n").storage().path()).isEqualTo("./var/backups");
    assertThat(load("storage:\n  type: local\n").storage().path()).isEqualTo("./var/backups");
    assertThat(load("targets: {}").storage().path()).isEqualTo("./var/backups");
    assertThat(load("storage: { type: s3, bucket: b }").storage().path()).isNull();
  }

  @Test
  void partSizeHasOneRange() {
    assertThat(load("storage: { type: s3, bucket: b, partSizeMiB: 512 }").storage().partSizeMiB()).isEqualTo(512);
    assertThatThrownBy(() -> load("storage: { type: s3, bucket: b, partSizeMiB: 1024 }"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("runbooks.yaml: storage.partSizeMiB: must be between 5 and 512, not 1024");
    assertThatThrownBy(() -> load("storage: { type: s3, bucket: b, partSizeMiB: 4 }"))
        .hasMessageContaining("storage.partSizeMiB: must be between 5 and 512, not 4");
  }

  @Test
  void everyIntegerKeyIsCheckedAgainstItsRange() {
    for (ConfigKey key : ConfigKey.values()) {
      if (key.rule() instanceof ValueRule.IntRange range) {
        String tooBig = yamlSetting(key, String.valueOf(range.max() + 1));
        assertThatThrownBy(() -> load(tooBig)).as(key.path())
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(key.path().replace(ConfigKey.TARGET_NAME, "orders") + ": must be between "
                + range.min() + " and " + range.max());
      }
    }
  }

  @Test
  void retentionCountsAreNeverNegative() {
    assertThatThrownBy(() -> target("retention: { daily: -1 }"))
        .hasMessage("runbooks.yaml: targets.orders.retention.daily: must be between 0 and 1000, not -1");
  }

  @Test
  void durationsAreCheckedWithTheirRanges() {
    assertThat(target("objectives: { rpo: 24h, rto: 1h30m }").target("orders").objectives().rto()).isEqualTo("1h30m");
    assertThatThrownBy(() -> target("objectives: { rpo: 24 }"))
        .hasMessageStartingWith("runbooks.yaml: targets.orders.objectives.rpo: '24' is not a duration; write a duration"
            + " between 1m and 366d");
    assertThatThrownBy(() -> target("objectives: { rto: 10s }"))
        .hasMessageContaining("targets.orders.objectives.rto: '10s' is out of range");
    assertThatThrownBy(() -> target("rehearsal: { window: 400d }"))
        .hasMessageContaining("targets.orders.rehearsal.window: '400d' is out of range; write a duration between 1d and 366d");
  }

  @Test
  void cronsAreCheckedWhenTheFileLoads() {
    assertThat(target("backup: { cron: '0 2 * * *' }").target("orders").backup().cron()).isEqualTo("0 2 * * *");
    assertThatThrownBy(() -> target("rehearsal: { cron: '61 3 1 * *' }"))
        .hasMessageStartingWith("runbooks.yaml: targets.orders.rehearsal.cron: '61 3 1 * *' is not a valid cron"
            + " expression: minute 61 out of range (0-59)");
    assertThatThrownBy(() -> target("backup: { cron: '0 2 * *' }"))
        .hasMessageContaining("targets.orders.backup.cron: '0 2 * *' is not a valid cron expression: it has 4 fields");
  }

  @Test
  void rehearsalPickIsARuleOrABackupKeyOfTheTarget() {
    for (String good : new String[] {"random-weekly", "latest", "orders-20261122T020000Z",
        "orders-20261122T020000Z.dump", "orders/2026/11/orders-20261122T020000Z.dump"}) {
      assertThat(target("rehearsal: { pick: '" + good + "' }").target("orders").rehearsal().pick()).isEqualTo(good);
    }
    for (String bad : new String[] {"random-weeky", "newest", "billing-20261122T020000Z",
        "orders-20261340T020000Z", "orders/2025/01/orders-20261122T020000Z.dump"}) {
      assertThatThrownBy(() -> target("rehearsal: { pick: '" + bad + "' }")).as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("runbooks.yaml: targets.orders.rehearsal.pick: must be random-weekly, latest or a"
              + " backup key of orders (e.g. orders-20261122T020000Z or orders/2026/11/orders-20261122T020000Z.dump),"
              + " not '" + bad + "'");
    }
  }

  @Test
  void aShortBackupKeyNamesTheFullDumpKey() {
    assertThat(RehearsalPick.dumpKey("orders", "orders-20261122T020000Z"))
        .isEqualTo("orders/2026/11/orders-20261122T020000Z.dump");
    assertThat(RehearsalPick.dumpKey("orders", "latest")).isEqualTo("latest");
  }

  @Test
  void allowedValuesComeFromTheCatalogue() {
    assertThatThrownBy(() -> load("storage: { type: s3, bucket: b, sse: aes }"))
        .hasMessage("runbooks.yaml: storage.sse: must be one of AES256, aws:kms, not 'aes'");
    assertThatThrownBy(() -> load("storage: { type: ftp }"))
        .hasMessage("runbooks.yaml: storage.type: must be one of local, s3, not 'ftp'");
  }

  /** A YAML document setting one key; a target's keys go under a target named orders. */
  private static String yamlSetting(ConfigKey key, String value) {
    String path = key.path().replace(ConfigKey.TARGET_NAME, "orders");
    String[] parts = path.split("\\.");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      yaml.append("  ".repeat(i)).append(parts[i]).append(':');
      yaml.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
      if (i == 1 && parts[0].equals("targets")) {
        yaml.append("  ".repeat(i + 1)).append("database: orders\n");
      }
    }
    return yaml.toString();
  }

  @Test
  void privilegesDropAndASmokeRoleAreRefusedTogetherNamingBoth() {
    assertThat(target("privileges: keep\nsmokeRole: orders_app\n").targets().get("orders").keepsPrivileges()).isTrue();
    assertThat(target("smokeSql: x.sql\n").targets().get("orders").privileges()).isEqualTo("keep");
    assertThatThrownBy(() -> target("privileges: drop\nsmokeRole: orders_app\n"))
        .hasMessageContaining("targets.orders")
        .hasMessageContaining("privileges: drop")
        .hasMessageContaining("smokeRole orders_app");
    assertThatThrownBy(() -> target("privileges: none\n")).hasMessageContaining("privileges");
  }
}

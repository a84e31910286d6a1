package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.worker.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is one line on stderr that names the problem, with the exit code scripts branch on. */
class CliErrorsTest {
  @TempDir
  Path dir;

  private Path config(String yaml) throws IOException {
    Path file = dir.resolve("runbooks.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Path ordersConfig() throws IOException {
    return config("""
        storage:
          type: local
          path: %s
        targets:
          orders:
            database: orders
        """.formatted(dir.resolve("backups")));
  }

  @Test
  void unknownTargetIsBadInputNamingTheKnownTargets() throws IOException {
    CliRun run = CliRun.of("backup", "invoices", "--config", ordersConfig().toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString()
        .contains("unknown target 'invoices'").contains("orders");
  }

  @Test
  void unknownConfigKeyIsBadInputNamingTheKey() throws IOException {
    Path file = config("""
        targets:
          orders:
            database: orders
            passwrd: secret
        """);

    CliRun run = CliRun.of("--config", file.toString(), "backup", "orders");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("unknown key").contains("passwrd");
  }

  @Test
  void missingConfigFileIsBadInputNamingTheFile() {
    Path missing = dir.resolve("nowhere.yaml");

    CliRun run = CliRun.of("backup", "orders", "--config", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString()
        .contains(missing.toString()).contains("no such configuration file");
  }

  @Test
  void usageErrorsAreOneLineWithWhereToLook() {
    CliRun missingTarget = CliRun.of("backup");
    CliRun unknownCommand = CliRun.of("frobnicate");
    CliRun noCommand = CliRun.of();

    for (CliRun run : new CliRun[] {missingTarget, unknownCommand, noCommand}) {
      assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.errLines()).singleElement().asString().startsWith("runbook: ").contains("--help");
    }
    assertThat(missingTarget.err()).contains("TARGET");
    assertThat(unknownCommand.err()).contains("frobnicate");
  }

  @Test
  void unreachableTemporalExitsThreeNamingTheAddress() throws IOException {
    String address = "127.0.0.1:" + FreePort.find();

    CliRun run = CliRun.of("backup", "orders", "--config", ordersConfig().toString(), "--address", address);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEMPORAL_UNAVAILABLE);
    assertThat(run.errLines()).singleElement().asString().contains(address).contains("dev-server");
  }

  @Test
  void statusOfUnreachableTemporalExitsThree() {
    String address = "127.0.0.1:" + FreePort.find();

    CliRun run = CliRun.of("status", "backup-orders-20261122T020000Z", "--address", address);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TEMPORAL_UNAVAILABLE);
    assertThat(run.errLines()).singleElement().asString().contains(address);
  }
}

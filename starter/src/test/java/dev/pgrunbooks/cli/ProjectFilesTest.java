package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.config.ConfigLoader;
import dev.pgrunbooks.config.RunbookConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a newcomer meets first: the README's first screen, the launcher, CI, the example configuration. */
class ProjectFilesTest {
  private final Path root = RepoFiles.root();

  @Test
  void readmeFirstScreenHasTheDemoAndTheTestCommand() throws IOException {
    List<String> firstScreen = Files.readAllLines(root.resolve("README.md")).stream().limit(25).toList();

    assertThat(String.join("\n", firstScreen)).contains("bin/runbook demo").contains("mvn -B verify");
  }

  @Test
  void ciRunsTheReadmeTestCommand() throws IOException {
    Path ci = root.resolve(".ci/run");

    assertThat(ci).isExecutable();
    assertThat(Files.readString(ci)).contains("set -euo pipefail").contains("mvn -B verify");
  }

  @Test
  void launcherIsExecutableAndStartsTheCommandLine() throws IOException {
    Path launcher = root.resolve("bin/runbook");

    assertThat(launcher).isExecutable();
    assertThat(Files.readString(launcher)).contains(RunbookCli.class.getName()).contains("runtime-classpath.txt");
  }

  @Test
  void exampleConfigurationLoads() {
    RunbookConfig config = new ConfigLoader(Map.of()).read(root.resolve("runbooks.yaml"));

    assertThat(config.targets()).containsKey("orders");
    assertThat(config.target("orders").passwordEnv()).isEqualTo("ORDERS_PGPASSWORD");
    assertThat(config.target("orders").retention().daily()).isEqualTo(7);
    assertThat(config.storage().type()).isEqualTo("local");
    assertThat(config.notifications().webhookUrl()).isNull();
  }
}

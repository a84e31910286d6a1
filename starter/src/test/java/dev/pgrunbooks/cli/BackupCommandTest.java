package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgrunbooks.config.ConfigLoader;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.worker.FreePort;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook backup} and {@code runbook status} against the embedded dev server with no worker
 * polling: the run is started as operators will find it, and status reports it without hanging.
 */
class BackupCommandTest {

  @RegisterExtension static final TestCluster temporal = TestCluster.devServer();

  @TempDir
  Path dir;

  private final List<String> started = new ArrayList<>();

  @AfterEach
  void terminateStarted() {
    for (String id : started) {
      WorkflowStub stub = temporal.client().newUntypedWorkflowStub(id);
      if (stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        stub.terminate("test done");
      }
    }
  }

  private Path config() {
    return TestConfig.localStore(dir.resolve("backups"))
        .target("orders", "orders", t -> t.at("127.0.0.1", 5432).passwordEnv("ORDERS_PGPASSWORD"))
        .target("json", "json")
        .target("text", "text")
        .target("terminated", "terminated")
        .target("same-second", "same")
        .worker("cli-test", null)
        .writeTo(dir.resolve("runbooks.yaml"));
  }

  /** Each test backs up its own target: ids have a one-second resolution and must not collide. */
  private String startBackup(String target) throws IOException {
    CliRun run = CliRun.of("backup", target, "--config", config().toString(), "--address", temporal.address());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    Matcher id = Pattern.compile("backup-" + target + "-\\d{8}T\\d{6}Z").matcher(run.out());
    assertThat(id.find()).as(run.out()).isTrue();
    started.add(id.group());
    assertThat(run.out()).contains("runbook status " + id.group());
    return id.group();
  }

  @Test
  void backupStartsARunNamedForTheTargetWithSummaryAndSearchAttributes() throws IOException {
    String id = startBackup("orders");

    WorkflowExecutionDescription run = temporal.client().newUntypedWorkflowStub(id).describe();
    assertThat(run.getWorkflowType()).isEqualTo("Backup");
    assertThat(run.getTaskQueue()).isEqualTo("cli-test");
    assertThat(run.getStaticSummary())
        .isEqualTo("Backup orders (orders on 127.0.0.1:5432) to local store " + dir.resolve("backups"));
    assertThat(run.getTypedSearchAttributes().get(RunbookSearchAttributes.TARGET)).isEqualTo("orders");
    assertThat(run.getTypedSearchAttributes().get(RunbookSearchAttributes.KIND)).isEqualTo("backup");
  }

  @Test
  void aSecondBackupUnderTheSameIdIsRefused() throws IOException {
    Clock sameSecond = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    RunbookLauncher launcher = new RunbookLauncher(temporal.client(), ConfigLoader.load(config()), sameSecond);
    StartedRunbook first = launcher.startBackup("same-second", "test");
    started.add(first.workflowId());

    assertThatThrownBy(() -> launcher.startBackup("same-second", "test"))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }

  @Test
  void statusJsonIsOneDocumentSayingNoWorkerPickedItUp() throws IOException {
    String id = startBackup("json");

    CliRun run = CliRun.of("status", id, "--json", "--address", temporal.address());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode status = new ObjectMapper().readTree(run.out());
    assertThat(status.path("workflowId").asText()).isEqualTo(id);
    assertThat(status.path("kind").asText()).isEqualTo("backup");
    assertThat(status.path("target").asText()).isEqualTo("json");
    assertThat(status.path("status").asText()).isEqualTo("RUNNING");
    assertThat(status.path("summary").asText()).startsWith("Backup json (json on 127.0.0.1:5432)");
    assertThat(status.path("waitingFor").asText()).contains("cli-test").contains("runbook worker");
  }

  @Test
  void statusTextSaysWhatTheRunWaitsFor() throws IOException {
    String id = startBackup("text");

    CliRun run = CliRun.of("status", id, "--address", temporal.address());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains(id).contains("RUNNING").contains("waiting for").contains("runbook worker");
  }

  @Test
  void statusOfARunBeingWorkedOnShowsItsStepsFromTheWorker() throws Exception {
    RunbookConfig config = TestConfig.localStore(dir.resolve("backups"))
        .target("worked", "worked", t -> t.at("127.0.0.1", FreePort.find()))
        .worker("cli-test-worked", null)
        .build();
    temporal.runbooks(config);
    StartedRunbook run = new RunbookLauncher(temporal.client(), config, Clock.systemUTC())
        .startBackup("worked", "test");
    started.add(run.workflowId());

    JsonNode status = null;
    // Until the worker has taken the first step, which keeps retrying: nothing listens on the port.
    for (int i = 0; i < 200 && (status == null || !status.has("activeStep") || status.path("steps").isEmpty()); i++) {
      CliRun cli = CliRun.of("status", run.workflowId(), "--json", "--address", temporal.address());
      assertThat(cli.exitCode()).as(cli.err()).isEqualTo(ExitCodes.OK);
      status = new ObjectMapper().readTree(cli.out());
      Thread.sleep(100);
    }

    assertThat(status.path("runbookStatus").asText()).as(status.toString()).isEqualTo("Running");
    assertThat(status.path("currentStep").asText()).isEqualTo("Preflight");
    JsonNode first = status.path("steps").get(0);
    assertThat(first.path("name").asText()).isEqualTo("Preflight");
    assertThat(first.path("state").asText()).isEqualTo("RUNNING");
    assertThat(first.path("startedAt").asText()).isNotEmpty();
    assertThat(status.path("activeStep").path("step").asText()).isEqualTo("Preflight");
    assertThat(status.path("activeStep").path("attempt").asInt()).isPositive();
    assertThat(status.has("note")).as(status.toString()).isFalse();
    temporal.client().newUntypedWorkflowStub(run.workflowId()).terminate("test done");
  }

  @Test
  void backupWaitExitsOneWithTheRunbooksFailure() throws Exception {
    TestConfig failing = TestConfig.localStore(dir.resolve("backups"))
        .target("failing", "pgrunbooks_no_such_database")
        .worker("cli-test-failing", null);
    Path file = failing.writeTo(dir.resolve("failing.yaml"));
    temporal.runbooks(failing.build());

    CliRun run = CliRun.of("backup", "failing", "--wait", "--config", file.toString(), "--address", temporal.address());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.RUNBOOK_FAILED);
    assertThat(run.out()).contains("started backup of failing").contains("→ Preflight");
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("runbook: backup of failing failed at Preflight").contains("runbook status backup-failing-");
  }

  @Test
  void statusOfAnUnknownWorkflowIsBadInput() {
    CliRun run = CliRun.of("status", "backup-orders-19990101T000000Z", "--address", temporal.address());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("backup-orders-19990101T000000Z");
  }

  @Test
  void terminatedRunReportsItsEndAndExitsOne() throws IOException {
    String id = startBackup("terminated");
    temporal.client().newUntypedWorkflowStub(id).terminate("operator stopped it");

    CliRun run = CliRun.of("status", id, "--follow", "--json", "--address", temporal.address());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNBOOK_FAILED);
    JsonNode status = new ObjectMapper().readTree(run.out());
    assertThat(status.path("status").asText()).isEqualTo("TERMINATED");
    assertThat(run.errLines()).singleElement().asString().contains("terminated").contains("operator stopped it");
  }
}

package dev.pgrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker started before its Temporal server (a compose stack coming up, a reboot) waits for it; a
 * command does not.
 */
class TemporalConnectionTest {

  @Test
  void aStartingWorkerWaitsForItsServerToComeUp() throws Exception {
    int port = FreePort.find();
    String address = "127.0.0.1:" + port;
    CompletableFuture<TemporalConnection> connecting = CompletableFuture.supplyAsync(() -> {
      try {
        return TemporalConnection.awaitOpen(address, TemporalConnection.DEFAULT_NAMESPACE, Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(1500);
    assertThat(connecting).as("no server yet: still waiting").isNotDone();

    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
        TemporalConnection connected = connecting.get(1, TimeUnit.MINUTES)) {
      assertThat(connected.address()).isEqualTo(address);
    }
  }

  @Test
  void aCommandSaysAtOnceThatNoServerAnswers() {
    String address = "127.0.0.1:" + FreePort.find();
    assertThatThrownBy(() -> TemporalConnection.open(address, TemporalConnection.DEFAULT_NAMESPACE))
        .isInstanceOf(TemporalConnection.TemporalUnavailableException.class)
        .hasMessageContaining("cannot reach Temporal at " + address)
        .hasMessageContaining("runbook dev-server");
  }
}

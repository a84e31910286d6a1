package dev.pgrunbooks.cli;

import dev.pgrunbooks.worker.DevServer;
import dev.pgrunbooks.worker.SearchAttributeRegistrar;
import dev.pgrunbooks.worker.TemporalConnection;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runbook dev-server [--port N]}: Temporal in memory, for trying things out. */
@Command(name = "dev-server", mixinStandardHelpOptions = true,
    description = "An embedded, in-memory Temporal server for local use (not for production).")
final class DevServerCommand extends RunbookCommand {

  @Option(names = "--port", paramLabel = "N", defaultValue = "" + DevServer.DEFAULT_PORT,
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  private int port;

  @Override
  public Integer call() throws InterruptedException {
    DevServer server = start(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "dev-server-shutdown"));
    out().println("Temporal dev server on " + server.address() + " (namespace default, in memory: "
        + "everything is gone when it stops). Ctrl-C stops it.");
    out().println("next, in another terminal:  TEMPORAL_ADDRESS=" + server.address() + " runbook worker");
    out().flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** Starts the dev server with the runbooks' search attributes registered. */
  static DevServer start(int port) {
    DevServer server;
    try {
      server = DevServer.start(port);
    } catch (RuntimeException e) {
      if (cannotBind(e)) {
        throw CliException.badInput("port " + port + " is already in use; stop what listens there or pass --port N");
      }
      throw e;
    }
    try (TemporalConnection temporal = TemporalConnection.open(server.address(), TemporalConnection.DEFAULT_NAMESPACE)) {
      SearchAttributeRegistrar.ensureRegistered(temporal.stubs(), temporal.namespace());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** gRPC's native transport reports a taken port as an IOException of its own, not a BindException. */
  private static boolean cannotBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof BindException || message.contains("Failed to bind") || message.contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}

package dev.pgrunbooks.worker;

import io.temporal.testserver.TestServer;

/**
 * An embedded, in-memory Temporal server for local use: Temporal's own test server, in real time.
 * Not for production: it keeps nothing on disk and does not implement the Schedules API.
 */
public final class DevServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 7233;

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private DevServer(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** @param port 0 picks a free port */
  public static DevServer start(int port) {
    int chosen = port == 0 ? FreePort.find() : port;
    // lockTimeSkipping=true: time runs as on the wall clock, as on a real server.
    return new DevServer(TestServer.createPortBoundServer(chosen, true), chosen);
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.close();
  }
}

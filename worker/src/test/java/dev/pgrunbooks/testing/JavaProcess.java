package dev.pgrunbooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JVM started from the worker module's test classpath, for tests that must kill a process the way a
 * crash would (SIGKILL, no shutdown hooks), such as the worker or a standalone Temporal test server.
 */
public final class JavaProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static JavaProcess start(String mainClass, List<String> args, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      return new JavaProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: the JVM gets no chance to clean up, exactly like a crashed host. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as systemd or Kubernetes stop a service; waits for the process to exit and returns its status. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the process did not stop within " + timeout + " of SIGTERM; see " + log);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  public static void awaitPort(int port, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port + " after " + timeout);
  }

  /** The module's classes plus its test classpath, written by the build to target/test-classpath.txt. */
  private static String classpath() {
    Path target = Path.of("target");
    try {
      String deps = Files.readString(target.resolve("test-classpath.txt")).strip();
      return target.resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
          + target.resolve("test-classes").toAbsolutePath() + java.io.File.pathSeparator + deps;
    } catch (IOException e) {
      throw new UncheckedIOException("target/test-classpath.txt is missing: run the tests through Maven", e);
    }
  }
}

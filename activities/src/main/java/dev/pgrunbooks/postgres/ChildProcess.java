package dev.pgrunbooks.postgres;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL client program started without a shell (arguments are never re-parsed), with an
 * allow-listed environment ({@link ChildEnvironmentPolicy}) plus the target's connection variables and,
 * for a password, a private passfile; its stderr tail kept, row data redacted, for error messages.
 * Closing it kills the program if it still runs and deletes the passfile, so an activity that fails or
 * is cancelled leaves no pg_dump and no password behind.
 */
public final class ChildProcess implements AutoCloseable {
  private static final int STDERR_TAIL_BYTES = 4096;

  private final String program;
  private final Process process;
  private final PassFile passFile;
  private final OutputTail stderr = new OutputTail(STDERR_TAIL_BYTES);
  private final Thread stderrPump;

  private ChildProcess(String program, Process process, PassFile passFile) {
    this.program = program;
    this.process = process;
    this.passFile = passFile;
    this.stderrPump = new Thread(this::pumpStderr, program + "-stderr");
    stderrPump.setDaemon(true);
    stderrPump.start();
  }

  /**
   * A program that needs no password.
   *
   * @param environment added to the allow-listed part of the worker's environment
   * @throws IOException when the program cannot be started
   */
  public static ChildProcess start(Path executable, List<String> arguments, Map<String, String> environment)
      throws IOException {
    return start(executable, arguments, new ClientEnvironment(environment, Optional.empty(), Path.of(".")));
  }

  /**
   * @param executable absolute path of the program
   * @throws IOException when the program (or its passfile) cannot be started
   */
  public static ChildProcess start(Path executable, List<String> arguments, ClientEnvironment environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(ProcessSupervisor.wrap(command));
    Map<String, String> env = ChildEnvironmentPolicy.childEnvironment(System.getenv(), environment.variables());
    builder.environment().clear();
    builder.environment().putAll(env);
    PassFile passFile = null;
    try {
      if (environment.passFileLine().isPresent()) {
        passFile = PassFile.write(environment.passFileDir(), environment.passFileLine().get());
        builder.environment().put("PGPASSFILE", passFile.path().toString());
      }
      return new ChildProcess(executable.getFileName().toString(), builder.start(), passFile);
    } catch (IOException | RuntimeException e) {
      if (passFile != null) {
        passFile.close();
      }
      throw e;
    }
  }

  public String program() {
    return program;
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /**
   * Stdout that throws {@link ChildProcessFailedException} at its end when the program exits non-zero,
   * so a consumer (a store upload) fails instead of committing truncated output as complete.
   */
  public InputStream stdoutFailingOnError() {
    return new FilterInputStream(process.getInputStream()) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          checkExit();
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
          checkExit();
        }
        return n;
      }

      private void checkExit() throws IOException {
        int exit = waitFor();
        if (exit != 0) {
          throw new ChildProcessFailedException(ChildProcess.this, exit);
        }
      }
    };
  }

  /** Waits for the program to exit and for its stderr to be read. */
  public int waitFor() throws IOException {
    try {
      int exit = process.waitFor();
      stderrPump.join(TimeUnit.SECONDS.toMillis(10));
      return exit;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy();
      throw new IOException(program + " was interrupted", e);
    }
  }

  /** Exited with a status other than 0. */
  public boolean failed() {
    return !process.isAlive() && process.exitValue() != 0;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** The last few KiB of what the program wrote to stderr, stripped, row data redacted. */
  public String stderr() {
    return stderr.text();
  }

  /**
   * Kills the program and everything it started: SIGTERM to the supervisor, which kills the program's
   * process group; if that does not end it, SIGKILL to every descendant still known.
   */
  public void destroy() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      descendants.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    destroy();
    closeQuietly(process.getOutputStream());
    closeQuietly(process.getInputStream());
    if (passFile != null) {
      passFile.close();
    }
  }

  private void pumpStderr() {
    byte[] buffer = new byte[4096];
    try (InputStream in = process.getErrorStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        stderr.append(buffer, 0, n);
      }
    } catch (IOException | UncheckedIOException e) {
      // The process is gone; what was read is what there is.
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing a pipe of a dead process: nothing to recover.
    }
  }
}

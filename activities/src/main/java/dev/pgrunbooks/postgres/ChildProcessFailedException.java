package dev.pgrunbooks.postgres;

import java.io.IOException;

/** A client program exited with an error status; the message carries its own stderr. */
public final class ChildProcessFailedException extends IOException {
  private final String program;
  private final int exitStatus;
  private final String stderr;

  ChildProcessFailedException(ChildProcess process, int exitStatus) {
    super(process.program() + " failed (exit status " + exitStatus + "): " + process.stderr());
    this.program = process.program();
    this.exitStatus = exitStatus;
    this.stderr = process.stderr();
  }

  public String program() {
    return program;
  }

  public int exitStatus() {
    return exitStatus;
  }

  public String stderr() {
    return stderr;
  }

  /** The first such failure in {@code e}'s cause chain, if any: stores wrap the stream's exceptions. */
  public static ChildProcessFailedException findIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChildProcessFailedException f) {
        return f;
      }
    }
    return null;
  }
}

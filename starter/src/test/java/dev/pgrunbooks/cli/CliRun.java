package dev.pgrunbooks.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the command line in this JVM with captured stdout and stderr, as a user would see them. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    return of(new StringWriter(), args);
  }

  /** @param out receives stdout as it is printed, for tests that act on what a waiting command shows */
  static CliRun of(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    int code = RunbookCli.newCommandLine(new RunbookCli(), new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}

package dev.pgrunbooks.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code runbook}: the command line of pg-runbooks. The options here are global: every subcommand
 * accepts them. A new subcommand is one class plus one entry in {@code subcommands} below.
 */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    version = "pg-runbooks 0.1.0",
    description = "PostgreSQL backup, disaster recovery and restore rehearsal as durable Temporal workflows.",
    subcommands = {
        DemoCommand.class,
        DevServerCommand.class,
        WorkerCommand.class,
        BackupCommand.class,
        RestoreCommand.class,
        RehearseCommand.class,
        ApproveCommand.class,
        DecideCommand.class,
        StatusCommand.class,
        BackupsCommand.class,
        PruneCommand.class,
        ScheduleCommand.class,
    })
public final class RunbookCli implements Runnable {

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      defaultValue = "${env:RUNBOOK_CONFIG:-runbooks.yaml}",
      description = "The configuration (default: $RUNBOOK_CONFIG, else runbooks.yaml).")
  private Path config;

  @Option(names = "--address", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
      description = "Temporal frontend (default: $TEMPORAL_ADDRESS, else 127.0.0.1:7233).")
  private String address;

  @Option(names = "--namespace", paramLabel = "NS", scope = ScopeType.INHERIT,
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE, else default).")
  private String namespace;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Show stack traces with errors.")
  private boolean verbose;

  @Spec
  private CommandSpec spec;

  /** Whether stdout is a terminal: a progress bar there, plain lines in logs and pipes. */
  private final boolean interactive;

  public RunbookCli() {
    this(false);
  }

  public RunbookCli(boolean interactive) {
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    quietLibraries();
    boolean terminal = System.console() != null;
    int code = newCommandLine(new RunbookCli(terminal),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    System.exit(code);
  }

  /** The command line with its streams and one-line error handling; what main and the tests run. */
  public static CommandLine newCommandLine(RunbookCli cli, PrintWriter out, PrintWriter err) {
    FailureHandler failures = new FailureHandler();
    return new CommandLine(cli)
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(failures)
        .setParameterExceptionHandler(failures);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public Path configPath() {
    return config;
  }

  /** Null means: TEMPORAL_ADDRESS, else the default. */
  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public boolean verbose() {
    return verbose;
  }

  public boolean interactive() {
    return interactive;
  }

  /**
   * Temporal's SDK and gRPC log at INFO by default; at the command line only warnings from them are
   * worth a line, while the worker's own messages stay at INFO.
   */
  private static void quietLibraries() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    System.setProperty("org.slf4j.simpleLogger.log.dev.pgrunbooks",
        System.getProperty("org.slf4j.simpleLogger.log.dev.pgrunbooks", "info"));
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  }
}

package dev.pgrunbooks.cli;

import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.store.StoreException;
import dev.pgrunbooks.worker.TemporalConnection.TemporalUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into exactly one line on stderr, {@code runbook: <what failed>; <what to do>},
 * and its exit code. Stack traces only with {@code --verbose}.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String help = "'" + cmd.getCommandSpec().qualifiedName() + " --help'";
    // A refused option value says itself what is allowed; picocli's "Invalid value for option" adds nothing.
    String message = ex.getCause() instanceof picocli.CommandLine.TypeConversionException refused
        ? refused.getMessage() : ex.getMessage();
    printLine(cmd.getErr(), message + "; see " + help);
    if (verbose(cmd)) {
      ex.printStackTrace(cmd.getErr());
    }
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    Failure failure = classify(ex, cmd);
    printLine(cmd.getErr(), failure.message());
    if (verbose(cmd)) {
      ex.printStackTrace(cmd.getErr());
    }
    return failure.exitCode();
  }

  record Failure(int exitCode, String message) {}

  static Failure classify(Throwable ex, CommandLine cmd) {
    if (ex instanceof CliException cli) {
      return new Failure(cli.exitCode(), cli.getMessage());
    }
    if (ex instanceof ConfigException) {
      return new Failure(ExitCodes.BAD_INPUT, ex.getMessage());
    }
    if (ex instanceof StoreException) {
      // The store's own message says which store, which key and what to fix.
      return new Failure(ExitCodes.RUNBOOK_FAILED, ex.getMessage());
    }
    if (ex instanceof TemporalUnavailableException) {
      return new Failure(ExitCodes.TEMPORAL_UNAVAILABLE, ex.getMessage());
    }
    if (ex instanceof WorkflowNotFoundException notFound) {
      return new Failure(ExitCodes.BAD_INPUT, "no workflow '" + notFound.getExecution().getWorkflowId()
          + "' in this namespace; check the id (backup prints it) and --namespace");
    }
    if (ex instanceof WorkflowExecutionAlreadyStarted started) {
      return new Failure(ExitCodes.BAD_INPUT, "workflow '" + started.getExecution().getWorkflowId()
          + "' already exists; follow it with 'runbook status " + started.getExecution().getWorkflowId()
          + "', or wait a second and start again");
    }
    StatusRuntimeException grpc = grpcCause(ex);
    if (grpc != null) {
      Status.Code code = grpc.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        return new Failure(ExitCodes.TEMPORAL_UNAVAILABLE, "Temporal stopped answering (" + code
            + "); check the server at TEMPORAL_ADDRESS / --address and try again");
      }
      if (code == Status.Code.NOT_FOUND) {
        return new Failure(ExitCodes.BAD_INPUT, "not found: " + grpc.getStatus().getDescription()
            + "; check the workflow id and --namespace");
      }
      if (code == Status.Code.INVALID_ARGUMENT && String.valueOf(grpc.getStatus().getDescription())
          .toLowerCase().contains("search attribute")) {
        return new Failure(ExitCodes.BAD_INPUT, "Temporal rejected the runbook's search attributes ("
            + grpc.getStatus().getDescription() + "); start 'runbook worker' once to register them, or run "
            + "'temporal operator search-attribute create' as the README shows");
      }
    }
    return new Failure(ExitCodes.RUNBOOK_FAILED, "unexpected error: " + describe(ex)
        + "; rerun with --verbose for details");
  }

  private static StatusRuntimeException grpcCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s;
      }
    }
    return null;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    return message == null ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " + message;
  }

  /** One line, whatever the message holds: log scrapers and humans both read the first line only. */
  static void printLine(PrintWriter err, String message) {
    err.println("runbook: " + oneLine(message));
    err.flush();
  }

  static String oneLine(String message) {
    return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static boolean verbose(CommandLine cmd) {
    Object root = cmd.getCommandSpec().root().userObject();
    return root instanceof RunbookCli cli && cli.verbose();
  }
}

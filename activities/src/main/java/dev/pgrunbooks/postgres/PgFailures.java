package dev.pgrunbooks.postgres;

import dev.pgrunbooks.runbook.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns JDBC errors into failures an SRE can act on: what retrying cannot fix (wrong password,
 * missing database) is non-retryable, a server that does not answer (yet) is retried.
 */
public final class PgFailures {
  private PgFailures() {}

  /** A connection attempt to {@code database} on the target's server failed. */
  public static ApplicationFailure connectFailure(PgTarget target, String database, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = target.address();
    if (state.startsWith("28")) {
      return FailureType.AUTHENTICATION_FAILED.failure(
          "cannot log in to database " + database + " on " + where + " as " + target.user() + ": "
              + serverMessage(e) + "; check targets." + target.name() + ".user and " + target.passwordHint());
    }
    if (state.equals("3D000")) {
      String hint = database.equals(target.database())
          ? "; check targets." + target.name() + ".database"
          : "";
      return FailureType.UNKNOWN_DATABASE.failure(
          "database " + database + " does not exist on " + where + hint);
    }
    if (state.startsWith("08") || state.equals("57P03") || isNetworkProblem(e)) {
      return FailureType.DATABASE_UNREACHABLE.failure(
          "cannot reach PostgreSQL at " + where + " (" + networkReason(e) + "); check that the server is running"
              + " and that targets." + target.name() + ".host and .port are right");
    }
    return FailureType.DATABASE_ERROR.failure(
        "cannot connect to database " + database + " on " + where + ": " + serverMessage(e)
            + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"));
  }

  /**
   * A statement failed while doing {@code what} (e.g. "count rows"). Lost connections are retried;
   * errors in the statement itself (class 42: permission, missing object) are not.
   */
  public static ApplicationFailure queryFailure(PgTarget target, String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = "cannot " + what + " in database " + target.database() + " on " + target.address() + ": "
        + serverMessage(e) + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    if (state.startsWith("08") || state.startsWith("57P") || isNetworkProblem(e)) {
      return FailureType.DATABASE_UNREACHABLE.failure(message);
    }
    if (state.startsWith("42")) {
      return FailureType.DATABASE_ERROR.nonRetryableFailure(message);
    }
    return FailureType.DATABASE_ERROR.failure(message);
  }

  /** The server's own message, row data redacted: it goes to the history and to operators. */
  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return RowDataRedaction.redact(server.getMessage());
      }
    }
    return RowDataRedaction.redact(String.valueOf(e.getMessage()));
  }

  private static boolean isNetworkProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private static String networkReason(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
    }
    return serverMessage(e);
  }
}

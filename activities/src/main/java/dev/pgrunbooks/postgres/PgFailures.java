package dev.pgrunbooks.postgres;

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
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String UNKNOWN_DATABASE = "UnknownDatabase";
  public static final String DATABASE_UNREACHABLE = "DatabaseUnreachable";
  public static final String DATABASE_ERROR = "DatabaseError";

  private PgFailures() {}

  /** A connection attempt to {@code database} on the target's server failed. */
  public static ApplicationFailure connectFailure(PgTarget target, String database, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = target.address();
    if (state.startsWith("28")) {
      return ApplicationFailure.newNonRetryableFailure(
          "cannot log in to database " + database + " on " + where + " as " + target.user() + ": "
              + serverMessage(e) + "; check targets." + target.name() + ".user and " + target.passwordHint(),
          AUTHENTICATION_FAILED);
    }
    if (state.equals("3D000")) {
      String hint = database.equals(target.database())
          ? "; check targets." + target.name() + ".database"
          : "";
      return ApplicationFailure.newNonRetryableFailure(
          "database " + database + " does not exist on " + where + hint, UNKNOWN_DATABASE);
    }
    if (state.startsWith("08") || state.equals("57P03") || isNetworkProblem(e)) {
      return ApplicationFailure.newFailure(
          "cannot reach PostgreSQL at " + where + " (" + networkReason(e) + "); check that the server is running"
              + " and that targets." + target.name() + ".host and .port are right",
          DATABASE_UNREACHABLE);
    }
    return ApplicationFailure.newFailure(
        "cannot connect to database " + database + " on " + where + ": " + serverMessage(e)
            + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"),
        DATABASE_ERROR);
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
      return ApplicationFailure.newFailure(message, DATABASE_UNREACHABLE);
    }
    if (state.startsWith("42")) {
      return ApplicationFailure.newNonRetryableFailure(message, DATABASE_ERROR);
    }
    return ApplicationFailure.newFailure(message, DATABASE_ERROR);
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage();
      }
    }
    return String.valueOf(e.getMessage());
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

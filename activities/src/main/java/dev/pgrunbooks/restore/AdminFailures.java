package dev.pgrunbooks.restore;

import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.runbook.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/**
 * Failures of statements on databases other than the target's own (staging, kept, maintenance), named
 * by the database they concern. Classified like {@code PgFailures}: a lost connection or a database in
 * use is retried, an error in the statement itself (permission, missing object) is not.
 */
final class AdminFailures {
  private AdminFailures() {}

  static ApplicationFailure of(PgTarget target, String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = "cannot " + what + " on " + target.address() + " as " + target.user() + ": " + serverMessage(e)
        + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    if (state.startsWith("08") || state.startsWith("57P")) {
      return FailureType.DATABASE_UNREACHABLE.failure(message);
    }
    if (state.equals(DatabaseAdmin.OBJECT_IN_USE)) {
      return FailureType.DATABASE_IN_USE.failure(message + "; a client keeps reconnecting: stop it, then retry");
    }
    if (state.startsWith("42")) {
      return FailureType.DATABASE_ERROR.nonRetryableFailure(message + (state.equals("42501")
          ? "; the target's user needs CREATEDB and to own the databases it replaces" : ""));
    }
    return FailureType.DATABASE_ERROR.failure(message);
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage() != null) {
      return p.getServerErrorMessage().getMessage();
    }
    return String.valueOf(e.getMessage());
  }
}

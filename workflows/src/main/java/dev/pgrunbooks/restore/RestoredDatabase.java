package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.ClientTool;
import java.util.List;

/**
 * A database freshly created and filled by {@code pg_restore}.
 *
 * @param pgRestore the pg_restore that filled it, of the destination server's major version
 * @param createdRoles roles {@code --create-missing-roles} created (NOLOGIN, no password) for it
 */
public record RestoredDatabase(String database, long bytesRead, long durationMillis, ClientTool pgRestore,
    List<String> createdRoles) {

  public RestoredDatabase {
    createdRoles = createdRoles == null ? List.of() : List.copyOf(createdRoles);
  }

  public RestoredDatabase(String database, long bytesRead, long durationMillis, ClientTool pgRestore) {
    this(database, bytesRead, durationMillis, pgRestore, List.of());
  }
}

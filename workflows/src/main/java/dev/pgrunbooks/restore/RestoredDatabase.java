package dev.pgrunbooks.restore;

import java.util.List;

/**
 * A database freshly created and filled by {@code pg_restore}.
 *
 * @param createdRoles roles {@code --create-missing-roles} created (NOLOGIN, no password) for it
 */
public record RestoredDatabase(String database, long bytesRead, long durationMillis, List<String> createdRoles) {

  public RestoredDatabase {
    createdRoles = createdRoles == null ? List.of() : List.copyOf(createdRoles);
  }

  public RestoredDatabase(String database, long bytesRead, long durationMillis) {
    this(database, bytesRead, durationMillis, List.of());
  }
}

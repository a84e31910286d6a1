package dev.pgrunbooks.restore;

import java.nio.charset.StandardCharsets;

/**
 * Names of the databases a restore creates beside the live one. PostgreSQL silently truncates names
 * longer than 63 bytes, which could make two names collide; such names are refused instead.
 */
public final class DatabaseNames {
  public static final int MAX_BYTES = 63;

  private DatabaseNames() {}

  public static String staging(String live, String restoreId) {
    return checked(live + "__restore_" + restoreId);
  }

  public static String keptBefore(String live, String restoreId) {
    return checked(live + "__before_" + restoreId);
  }

  /**
   * Where an abort after the swap keeps the restored copy: it has been live and may hold the
   * application's writes, so it is never dropped.
   */
  public static String aborted(String live, String restoreId) {
    return checked(live + "__aborted_" + restoreId);
  }

  /** @throws IllegalArgumentException naming the database and its length */
  public static String checked(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("database name is empty");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException("database name '" + name + "' is " + bytes
          + " bytes; PostgreSQL names are at most " + MAX_BYTES + " bytes: choose a shorter name");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("database name contains a NUL character");
    }
    return name;
  }
}

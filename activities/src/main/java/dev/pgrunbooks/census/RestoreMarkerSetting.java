package dev.pgrunbooks.census;

/**
 * How a restore marks the database it creates, and how the census recognises (and leaves out) that mark.
 *
 * <p>The mark used to be the database's comment, but a restore now gives the application back the source's
 * comment. It is now a per-role, per-database default of {@code application_name} for the runbook's own
 * user ({@code ALTER ROLE CURRENT_USER IN DATABASE … SET application_name = 'pg-runbooks restore <hash>'}):
 * <ul>
 *   <li>it does not leak into what the application sees: it applies only to sessions of the runbook's
 *       user in that database, and only to those whose client sets no application_name of its own;</li>
 *   <li>any user may set it for itself, even without owning the database (a custom {@code pg_runbooks.*}
 *       placeholder would need a superuser on PostgreSQL 15);</li>
 *   <li>it survives renames (it is keyed by the database's OID), goes with the database when it is dropped,
 *       and pg_dump without {@code --create} does not carry it into the next backup;</li>
 *   <li>the census leaves it out, so it never counts as a setting difference.</li>
 * </ul>
 * The value is a hash of the workflow run (application_name keeps 63 bytes).
 */
public final class RestoreMarkerSetting {
  public static final String NAME = "application_name";
  public static final String VALUE_PREFIX = "pg-runbooks restore ";

  private RestoreMarkerSetting() {}

  /** A {@code name=value} entry of {@code setconfig} that is a restore's mark. */
  public static boolean isMarker(String entry) {
    return entry.startsWith(NAME + "=" + VALUE_PREFIX);
  }
}

package dev.pgrunbooks.restore;

/**
 * Input of the disaster-recovery runbook. Names only; the worker resolves connections and passwords.
 *
 * @param backup {@code latest} (newest verified backup) or a dump key
 * @param mode {@link RestoreMode#SWAP} (default when null) or {@link RestoreMode#IN_PLACE}; with
 *     {@code intoDatabase} the mode is {@link RestoreMode#INTO} whatever this says
 * @param intoDatabase when set, restore into this new database and touch nothing else (no approval)
 * @param approvalTimeoutMinutes how long to wait for {@code runbook approve} before aborting safely
 * @param requestedBy who started it, for the report
 * @param createMissingRoles create (NOLOGIN, no password) the roles the backup needs that the cluster lacks,
 *     instead of stopping before anything destructive
 */
public record RestoreRequest(
    String target,
    String backup,
    RestoreMode mode,
    String intoDatabase,
    int approvalTimeoutMinutes,
    String requestedBy,
    boolean createMissingRoles) {

  public static final String LATEST = "latest";

  /** A request that creates no roles (stops when the cluster lacks one). */
  public RestoreRequest(String target, String backup, RestoreMode mode, String intoDatabase,
      int approvalTimeoutMinutes, String requestedBy) {
    this(target, backup, mode, intoDatabase, approvalTimeoutMinutes, requestedBy, false);
  }

  /** The mode this request runs in. */
  public RestoreMode effectiveMode() {
    return intoDatabase != null ? RestoreMode.INTO : mode == null ? RestoreMode.SWAP : mode;
  }
}

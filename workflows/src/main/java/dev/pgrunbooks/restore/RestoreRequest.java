package dev.pgrunbooks.restore;

/**
 * Input of the disaster-recovery runbook. Names only; the worker resolves connections and passwords.
 *
 * @param backup {@code latest} (newest verified backup) or a dump key
 * @param mode {@code swap} (restore beside the live database, then rename into place) or {@code in-place}
 * @param intoDatabase when set, restore into this new database and touch nothing else (no approval)
 * @param approvalTimeoutMinutes how long to wait for {@code runbook approve} before aborting safely
 * @param requestedBy who started it, for the report
 */
public record RestoreRequest(
    String target,
    String backup,
    String mode,
    String intoDatabase,
    int approvalTimeoutMinutes,
    String requestedBy) {

  public static final String LATEST = "latest";
  public static final String SWAP = "swap";
  public static final String IN_PLACE = "in-place";
}

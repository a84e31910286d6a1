package dev.pgrunbooks.backup;

import java.time.Instant;

/**
 * The last restore rehearsal of a backup, recorded in its manifest. A backup whose rehearsal failed no
 * longer counts as good: retention does not keep it in a tier and {@code latest} skips it.
 *
 * @param status {@link #FAILED} or {@link #PASSED}
 * @param workflowId the rehearsal that judged it
 * @param reason why it failed, for {@code runbook backups} and the post-mortem; null when it passed
 * @param reportKey the rehearsal's evidence report (JSON)
 */
public record BackupRehearsal(String status, String workflowId, Instant at, String reason, String reportKey) {
  public static final String FAILED = "failed";
  public static final String PASSED = "passed";

  public boolean failed() {
    return FAILED.equals(status);
  }
}

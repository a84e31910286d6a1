package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.Labelled;
import java.time.Instant;

/**
 * The last restore rehearsal of a backup, recorded in its manifest. A backup whose rehearsal failed no
 * longer counts as good: retention does not keep it in a tier and {@code latest} skips it.
 *
 * @param workflowId the rehearsal that judged it
 * @param reason why it failed, for {@code runbook backups} and the post-mortem; null when it passed
 * @param reportKey the rehearsal's evidence report (JSON)
 */
public record BackupRehearsal(Verdict status, String workflowId, Instant at, String reason, String reportKey) {

  /** The rehearsal's verdict on the backup, as the manifest spells it. */
  public enum Verdict implements Labelled {
    FAILED,
    PASSED;

    @Override
    public String toString() {
      return label();
    }
  }

  public boolean failed() {
    return status == Verdict.FAILED;
  }
}

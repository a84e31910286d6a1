package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.Labelled;

/** How a disaster recovery puts the backup in place, spelled as {@code runbook restore --mode} takes it. */
public enum RestoreMode implements Labelled {
  /** Restore beside the live database, check it, then rename it into place (the old one is kept). */
  SWAP,
  /** The classic runbook: drop the live database, create it afresh, restore. */
  IN_PLACE,
  /** {@code --into DB}: a new database beside everything else; nothing is replaced. */
  INTO;

  @Override
  public String toString() {
    return label();
  }
}

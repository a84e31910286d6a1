package dev.pgrunbooks.runbook;

/** Values of the {@code RunbookKind} search attribute; also the first word of every workflow id. */
public final class RunbookKind {
  public static final String BACKUP = "backup";
  public static final String RESTORE = "restore";
  public static final String REHEARSAL = "rehearsal";

  private RunbookKind() {}
}

package dev.pgrunbooks.restore;

/** An operator's answer to a step that failed after its retries: {@code retry}, {@code skip} or {@code abort}. */
public record Decision(String choice, String by) {
  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String ABORT = "abort";
}

package dev.pgrunbooks.worker.schedules;

/**
 * What {@code apply}, {@code delete} or {@code trigger} did with one schedule.
 *
 * @param action {@link #CREATED}, {@link #UPDATED}, {@link #UNCHANGED}, {@link #DELETED}, {@link #ABSENT},
 *     {@link #TRIGGERED} or {@link #NOT_IN_CONFIGURATION}
 */
public record ScheduleChange(String id, String action, String detail) {
  public static final String CREATED = "created";
  public static final String UPDATED = "updated";
  public static final String UNCHANGED = "unchanged";
  public static final String DELETED = "deleted";
  public static final String ABSENT = "absent";
  public static final String TRIGGERED = "triggered";
  /** On the server but not in the configuration any more: left alone, reported. */
  public static final String NOT_IN_CONFIGURATION = "not-in-configuration";

  public String line() {
    return id + ": " + action + (detail == null || detail.isEmpty() ? "" : " — " + detail);
  }
}

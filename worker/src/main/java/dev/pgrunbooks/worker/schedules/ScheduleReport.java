package dev.pgrunbooks.worker.schedules;

import java.util.ArrayList;
import java.util.List;

/**
 * What a schedule command did, one change per schedule.
 *
 * @param note one line about how the schedules are kept (the cron fallback on a server without the
 *     Schedules API), or null
 */
public record ScheduleReport(List<ScheduleChange> changes, String note) {
  public ScheduleReport {
    changes = List.copyOf(changes);
  }

  /** Nothing was created, updated, deleted or triggered. */
  public boolean changedNothing() {
    return changes.stream().allMatch(c -> c.action().changesNothing());
  }

  /** For the command line: the note (if any), then one line per schedule. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (note != null) {
      lines.add(note);
    }
    changes.forEach(c -> lines.add(c.line()));
    return lines;
  }
}

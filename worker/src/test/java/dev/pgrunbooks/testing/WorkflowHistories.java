package dev.pgrunbooks.testing;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading workflow histories in tests: which attempts of a step ran, whether it completed, and a
 * compact listing (one line per event: type, activity, failure) that says at a glance where a run went
 * wrong, which the raw JSON of a history does not.
 */
public final class WorkflowHistories {
  private WorkflowHistories() {}

  /** The attempt numbers with which activities of this type were started (a retried one shows only its last). */
  public static List<Integer> attemptsOf(List<HistoryEvent> events, String activityType) {
    Map<Long, String> types = activityTypes(events);
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> activityType.equals(types.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId())))
        .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .toList();
  }

  /** Whether an activity of this type has completed. */
  public static boolean completed(List<HistoryEvent> events, String activityType) {
    Map<Long, String> types = activityTypes(events);
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
        .anyMatch(e -> activityType.equals(types.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId())));
  }

  /** One line per event: {@code   7 ACTIVITY_TASK_FAILED Dump attempt 1: pg_dump: error: ...}. */
  public static String compact(List<HistoryEvent> events) {
    Map<Long, String> types = activityTypes(events);
    StringBuilder text = new StringBuilder();
    for (HistoryEvent e : events) {
      text.append(String.format("%4d %s", e.getEventId(), e.getEventType().name().replace("EVENT_TYPE_", "")));
      String detail = detail(e, types);
      if (!detail.isEmpty()) {
        text.append(' ').append(detail);
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String detail(HistoryEvent e, Map<Long, String> types) {
    return switch (e.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> e.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> types.get(e.getEventId());
      case EVENT_TYPE_ACTIVITY_TASK_STARTED -> types.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId())
          + " attempt " + e.getActivityTaskStartedEventAttributes().getAttempt()
          + failure(e.getActivityTaskStartedEventAttributes().getLastFailure());
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> types.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> types.get(e.getActivityTaskFailedEventAttributes().getScheduledEventId())
          + failure(e.getActivityTaskFailedEventAttributes().getFailure());
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> types.get(e.getActivityTaskTimedOutEventAttributes().getScheduledEventId())
          + failure(e.getActivityTaskTimedOutEventAttributes().getFailure());
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> types.get(e.getActivityTaskCanceledEventAttributes().getScheduledEventId());
      case EVENT_TYPE_WORKFLOW_TASK_FAILED -> failure(e.getWorkflowTaskFailedEventAttributes().getFailure()).strip();
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> failure(e.getWorkflowExecutionFailedEventAttributes().getFailure()).strip();
      case EVENT_TYPE_TIMER_STARTED -> String.valueOf(e.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds()) + "s";
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName();
      case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ->
          e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName();
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> e.getWorkflowExecutionTerminatedEventAttributes().getReason();
      case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED ->
          e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowType().getName();
      default -> "";
    };
  }

  /** ": message | cause's message | ...", or nothing when there is no failure. */
  private static String failure(Failure failure) {
    StringBuilder text = new StringBuilder();
    for (Failure f = failure; f != null && !f.getMessage().isEmpty(); f = f.hasCause() ? f.getCause() : null) {
      text.append(text.length() == 0 ? ": " : " | ").append(f.getMessage());
    }
    return text.toString();
  }

  /** Activity type by the id of the event that scheduled it. */
  private static Map<Long, String> activityTypes(List<HistoryEvent> events) {
    Map<Long, String> types = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        types.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
    }
    return types;
  }
}

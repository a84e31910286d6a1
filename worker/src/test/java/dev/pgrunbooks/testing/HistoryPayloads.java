package dev.pgrunbooks.testing;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import java.util.Map;

/**
 * The payloads a workflow's history holds, measured as the server measures them: every {@link Payloads}
 * (activity and child inputs and results, heartbeat details, signal and update arguments, failure details)
 * and every single {@link Payload} (memo, search attributes, header fields), wherever it sits in an event.
 * A real Temporal server refuses a payload over 2 MB and warns from 512 KB; a runbook's history must
 * never come near that, whatever the size of the database it handles.
 */
public final class HistoryPayloads {

  /** The largest payload found, and where. */
  public record Largest(int bytes, long eventId, String eventType, String field) {
    @Override
    public String toString() {
      return bytes + " bytes in event " + eventId + " (" + eventType + ", " + field + ")";
    }
  }

  private HistoryPayloads() {}

  public static Largest largest(List<HistoryEvent> history) {
    Largest largest = new Largest(0, 0, "(none)", "");
    for (HistoryEvent event : history) {
      largest = walk(event, event, "", largest);
    }
    return largest;
  }

  private static Largest walk(HistoryEvent event, Message message, String path, Largest largest) {
    if (message instanceof Payloads || message instanceof Payload) {
      int size = message.getSerializedSize();
      return size > largest.bytes()
          ? new Largest(size, event.getEventId(), event.getEventType().name(), path) : largest;
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String name = path.isEmpty() ? field.getKey().getName() : path + "." + field.getKey().getName();
      if (field.getValue() instanceof List<?> list) {
        for (Object item : list) {
          largest = walkValue(event, item, name, largest);
        }
      } else {
        largest = walkValue(event, field.getValue(), name, largest);
      }
    }
    return largest;
  }

  /** Map fields (memo, search attributes) come as map-entry messages; their values are walked too. */
  private static Largest walkValue(HistoryEvent event, Object value, String path, Largest largest) {
    return value instanceof Message m ? walk(event, m, path, largest) : largest;
  }
}

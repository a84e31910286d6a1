package dev.pgrunbooks.runbook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum whose constants travel as a label in payloads, JSON output, search attributes and on the
 * command line: today's spelling, kept so that running histories, stored manifests and reports, and
 * scripts keep working. The label is the constant's name in lower-case words joined by hyphens
 * ({@code IN_PLACE} is {@code in-place}) unless the enum says otherwise; enums also return it from
 * {@code toString()}, so messages built with {@code + value} read as before.
 */
public interface Labelled {

  @JsonValue
  default String label() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} whose label is {@code label}, or null. */
  static <E extends Enum<E> & Labelled> E fromLabel(Class<E> type, String label) {
    for (E e : type.getEnumConstants()) {
      if (e.label().equals(label)) {
        return e;
      }
    }
    return null;
  }
}

package dev.pgrunbooks.runbook;

/**
 * An enum whose constants travel as a label in payloads, JSON output, search attributes and on the
 * command line: today's spelling (e.g. {@code in-place}, {@code NeedsOperator}), kept so that running
 * histories, stored reports and scripts keep working.
 */
public interface Labelled {
  String label();

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

package dev.pgrunbooks.restore;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code pg_restore --list} says a dump holds: its entry count (as the backup's verification counted
 * it) and how many tables, views, functions, indexes and sequences it will create.
 *
 * <p>A line reads {@code 215; 1259 16403 TABLE public orders postgres}. Counted as the database side
 * counts them in {@link ObjectCensus}: TABLE covers partitioned tables and each partition; VIEW and
 * MATERIALIZED VIEW are views; FUNCTION excludes procedures and aggregates (their own entry types);
 * INDEX excludes indexes behind primary-key, unique and exclusion constraints (CONSTRAINT entries) and
 * the INDEX ATTACH entries that link a partition's index to its parent's.
 */
record TableOfContents(int entries, ObjectCounts objects) {
  private static final Pattern ENTRY = Pattern.compile("^\\d+; \\d+ \\d+ (.*)$");

  static TableOfContents parse(List<String> lines) {
    return parse(lines.stream());
  }

  /** Reads the listing line by line: a big schema's table of contents is never held whole. */
  static TableOfContents parse(java.util.stream.Stream<String> lines) {
    Counter counter = new Counter();
    lines.forEach(counter::accept);
    return new TableOfContents(counter.entries,
        new ObjectCounts(counter.tables, counter.views, counter.functions, counter.indexes, counter.sequences));
  }

  private static final class Counter {
    int entries;
    long tables;
    long views;
    long functions;
    long indexes;
    long sequences;

    void accept(String line) {
      if (line.isBlank() || line.startsWith(";")) {
        return;
      }
      entries++;
      Matcher m = ENTRY.matcher(line);
      if (!m.matches()) {
        return;
      }
      String rest = m.group(1);
      if (is(rest, "TABLE") && !is(rest, "TABLE DATA") && !is(rest, "TABLE ATTACH")) {
        tables++;
      } else if (is(rest, "VIEW") || (is(rest, "MATERIALIZED VIEW") && !is(rest, "MATERIALIZED VIEW DATA"))) {
        views++;
      } else if (is(rest, "FUNCTION")) {
        functions++;
      } else if (is(rest, "INDEX") && !is(rest, "INDEX ATTACH")) {
        indexes++;
      } else if (is(rest, "SEQUENCE") && !is(rest, "SEQUENCE SET") && !is(rest, "SEQUENCE OWNED BY")) {
        sequences++;
      }
    }
  }

  private static boolean is(String rest, String type) {
    return rest.startsWith(type + " ");
  }
}

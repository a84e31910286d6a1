package dev.pgrunbooks.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the classic five-field cron expressions of the configuration (minute hour day-of-month month
 * day-of-week: numbers, {@code *}, ranges {@code a-b}, steps {@code /n}, lists {@code a,b}, and month /
 * weekday names), which Temporal Schedules and cron workflows both understand, before anything is sent
 * to the server: a typo is rejected with the field and the part that is wrong.
 */
public final class CronExpression {
  private record Field(String name, int min, int max, Map<String, Integer> names) {}

  private static final List<Field> FIELDS = List.of(
      new Field("minute", 0, 59, Map.of()),
      new Field("hour", 0, 23, Map.of()),
      new Field("day of month", 1, 31, Map.of()),
      new Field("month", 1, 12, Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3),
          Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8),
          Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12))),
      // 0 and 7 are both Sunday.
      new Field("day of week", 0, 7, Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6)));

  private CronExpression() {}

  /**
   * @param setting where it was configured, e.g. {@code targets.orders.rehearsal.cron}
   * @return the expression, trimmed
   * @throws ConfigException e.g. "targets.orders.rehearsal.cron: '61 3 * * *' is not a valid cron
   *     expression: minute 61 out of range (0-59)"
   */
  public static String validate(String expression, String setting) {
    String cron = expression == null ? "" : expression.trim();
    String problem = problem(cron);
    if (problem != null) {
      throw new ConfigException(setting + ": '" + expression + "' is not a valid cron expression: " + problem
          + " (write five fields: minute hour day-of-month month day-of-week, e.g. '0 3 1 * *', in UTC)");
    }
    return cron;
  }

  private static String problem(String cron) {
    if (cron.isEmpty()) {
      return "it is empty";
    }
    String[] parts = cron.split("\\s+");
    if (parts.length != FIELDS.size()) {
      return "it has " + parts.length + " field" + (parts.length == 1 ? "" : "s") + ", not 5";
    }
    for (int i = 0; i < parts.length; i++) {
      String problem = fieldProblem(FIELDS.get(i), parts[i]);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String fieldProblem(Field field, String text) {
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        return field.name() + " '" + text + "' has an empty list item";
      }
      String range = item;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        String step = item.substring(slash + 1);
        if (!step.matches("\\d+") || Integer.parseInt(step) == 0) {
          return field.name() + " step '" + step + "' must be a positive number";
        }
      }
      if (range.equals("*")) {
        continue;
      }
      String[] bounds = range.split("-", -1);
      if (bounds.length > 2) {
        return field.name() + " '" + item + "' is not a value, a range a-b or *";
      }
      Integer low = value(field, bounds[0]);
      if (low == null) {
        return field.name() + " '" + bounds[0] + "' is not a number" + (field.names().isEmpty() ? "" : " or a name");
      }
      if (low < field.min() || low > field.max()) {
        return field.name() + " " + low + " out of range (" + field.min() + "-" + field.max() + ")";
      }
      if (bounds.length == 2) {
        Integer high = value(field, bounds[1]);
        if (high == null) {
          return field.name() + " '" + bounds[1] + "' is not a number" + (field.names().isEmpty() ? "" : " or a name");
        }
        if (high < field.min() || high > field.max()) {
          return field.name() + " " + high + " out of range (" + field.min() + "-" + field.max() + ")";
        }
        if (high < low) {
          return field.name() + " range " + range + " runs backwards";
        }
      }
    }
    return null;
  }

  private static Integer value(Field field, String text) {
    if (text.matches("\\d{1,2}")) {
      return Integer.parseInt(text);
    }
    return field.names().get(text.toUpperCase(Locale.ROOT));
  }
}

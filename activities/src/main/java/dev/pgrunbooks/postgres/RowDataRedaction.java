package dev.pgrunbooks.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes row data from what PostgreSQL and its tools say before it leaves the worker (failure
 * messages go to the workflow history, reports and the webhook): key values in
 * {@code DETAIL:  Key (email)=(a@b.c) already exists}, failing rows, the line of a COPY that failed,
 * and the value an input function rejected. What is kept (constraint, table, column and line number)
 * is enough to find the row in the database.
 */
public final class RowDataRedaction {
  static final String REDACTED = "(redacted)";
  private static final Pattern KEY_VALUES = Pattern.compile(
      "(Key \\(.*?\\))=\\(.*\\)(?=( already exists| is not present| is still referenced| conflicts with"
          + "| is duplicated)|\\.?$)", Pattern.MULTILINE);
  private static final Pattern FAILING_ROW = Pattern.compile("(Failing row contains )\\(.*\\)", Pattern.MULTILINE);
  private static final Pattern COPY_LINE = Pattern.compile(
      "(COPY [^\\n]*?, line \\d+(?:, column [^:\\n]*)?): .*$", Pattern.MULTILINE);
  private static final Pattern INPUT_VALUE = Pattern.compile(
      "((?:invalid input (?:syntax|value) for [^:\\n]*|malformed [^:\\n]* literal|out of range for type [^:\\n]*)"
          + "): \".*\"", Pattern.MULTILINE);

  private RowDataRedaction() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = replace(KEY_VALUES, text, m -> m.group(1) + "=" + REDACTED);
    out = replace(FAILING_ROW, out, m -> m.group(1) + REDACTED);
    out = replace(COPY_LINE, out, m -> m.group(1) + ": " + REDACTED);
    return replace(INPUT_VALUE, out, m -> m.group(1) + ": " + REDACTED);
  }

  private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
    Matcher m = pattern.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}

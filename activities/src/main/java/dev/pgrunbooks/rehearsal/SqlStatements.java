package dev.pgrunbooks.rehearsal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL file into statements at the semicolons PostgreSQL would split it at: not inside quoted
 * strings ('…', E'…'), quoted identifiers ("…"), dollar-quoted bodies ($$…$$, $tag$…$tag$) or comments
 * (double-dash and nested block comments). Statements that hold only comments and whitespace are dropped.
 */
final class SqlStatements {
  private SqlStatements() {}

  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean meaningful = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(sql, i, end);
        i = end;
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = blockCommentEnd(sql, i);
        current.append(sql, i, end);
        i = end;
        continue;
      }
      if (c == '\'' || c == '"') {
        end = quotedEnd(sql, i, c, c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e'));
        current.append(sql, i, end);
        meaningful = true;
        i = end;
        continue;
      }
      if (c == '$') {
        String tag = dollarTag(sql, i);
        if (tag != null) {
          int close = sql.indexOf(tag, i + tag.length());
          end = close < 0 ? n : close + tag.length();
          current.append(sql, i, end);
          meaningful = true;
          i = end;
          continue;
        }
      }
      if (c == ';') {
        if (meaningful) {
          statements.add(current.toString().trim());
        }
        current.setLength(0);
        meaningful = false;
        i++;
        continue;
      }
      if (!Character.isWhitespace(c)) {
        meaningful = true;
      }
      current.append(c);
      i++;
    }
    if (meaningful) {
      statements.add(current.toString().trim());
    }
    return statements;
  }

  private static int blockCommentEnd(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i < sql.length() - 1) {
      if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** End (exclusive) of a quoted string or identifier; doubled quotes, and backslashes in E'…', escape. */
  private static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** {@code $$} or {@code $tag$} starting at {@code start}, or null when the $ is something else ($1). */
  private static String dollarTag(String sql, int start) {
    if (start > 0 && (Character.isLetterOrDigit(sql.charAt(start - 1)) || sql.charAt(start - 1) == '_')) {
      return null; // part of an identifier such as a$b
    }
    int i = start + 1;
    while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
        || (i > start + 1 && Character.isDigit(sql.charAt(i))))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(start, i + 1) : null;
  }
}

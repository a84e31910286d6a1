package dev.pgrunbooks.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a configuration value may be. Each rule checks a loaded value and describes itself for the
 * reference, so the check and its documentation cannot drift apart.
 */
public sealed interface ValueRule {

  /** The type as the reference shows it. */
  String type();

  /** The allowed values or range as the reference shows it; empty when anything of the type goes. */
  String allowed();

  /**
   * @param target the target the value belongs to, or null outside {@code targets:}
   * @return what is wrong, phrased to follow the key (e.g. "must be between 1 and 64, not 0"), or null
   */
  String problem(JsonNode value, String target);

  record Text() implements ValueRule {
    public String type() { return "text"; }
    public String allowed() { return ""; }
    public String problem(JsonNode value, String target) { return null; }
  }

  record Flag() implements ValueRule {
    public String type() { return "boolean"; }
    public String allowed() { return ""; }
    public String problem(JsonNode value, String target) { return null; }
  }

  /** A command line, run without a shell. */
  record Command() implements ValueRule {
    public String type() { return "list of text"; }
    public String allowed() { return ""; }
    public String problem(JsonNode value, String target) { return null; }
  }

  record OneOf(List<String> values) implements ValueRule {
    public String type() { return "text"; }
    public String allowed() { return values.stream().map(v -> "`" + v + "`").collect(Collectors.joining(", ")); }
    public String problem(JsonNode value, String target) {
      return values.contains(value.asText()) ? null
          : "must be one of " + String.join(", ", values) + ", not '" + value.asText() + "'";
    }
  }

  record IntRange(int min, int max) implements ValueRule {
    public String type() { return "integer"; }
    public String allowed() { return min + " to " + max; }
    public String problem(JsonNode value, String target) {
      int n = value.asInt();
      return n >= min && n <= max ? null : "must be between " + min + " and " + max + ", not " + n;
    }
  }

  /** A duration as operators write it ({@link Durations}), within bounds written the same way. */
  record DurationRange(String min, String max) implements ValueRule {
    public String type() { return "duration"; }
    public String allowed() { return min + " to " + max; }
    public String problem(JsonNode value, String target) {
      String text = value.asText();
      String fix = "; write a duration between " + min + " and " + max + ", e.g. 90s, 30m, 24h, 30d or 1h30m";
      Duration d;
      try {
        d = Durations.parse(text, "duration");
      } catch (ConfigException e) {
        return "'" + text + "' is not a duration" + fix;
      }
      boolean inRange = d.compareTo(Durations.parse(min, "min")) >= 0 && d.compareTo(Durations.parse(max, "max")) <= 0;
      return inRange ? null : "'" + text + "' is out of range" + fix;
    }
  }

  /** Five-field cron, UTC, checked by {@link CronExpression}. */
  record Cron() implements ValueRule {
    public String type() { return "cron"; }
    public String allowed() { return "five fields, UTC"; }
    public String problem(JsonNode value, String target) {
      try {
        CronExpression.validate(value.asText(), "cron");
        return null;
      } catch (ConfigException e) {
        // CronExpression names the setting first; the loader names the key itself.
        return e.getMessage().substring("cron: ".length());
      }
    }
  }

  /** {@code random-weekly}, {@code latest}, or a backup key of the target ({@link RehearsalPick}). */
  record BackupPick() implements ValueRule {
    public String type() { return "text"; }
    public String allowed() {
      return RehearsalPick.RULES.stream().map(v -> "`" + v + "`").collect(Collectors.joining(", "))
          + ", or a backup key `<name>-yyyyMMdd'T'HHmmss'Z'`";
    }
    public String problem(JsonNode value, String target) {
      return RehearsalPick.problem(target, value.asText());
    }
  }
}

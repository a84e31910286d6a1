package dev.pgrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Failures are thrown through {@link FailureType} only, so that every type has one spelling, one
 * retryability and one meaning. This fails, listing them, when someone builds an ApplicationFailure
 * by hand again in the activities, the worker or the command line.
 */
class NoLiteralFailureTypesTest {
  /** Tests run in the module directory (activities/); its siblings are next to it. */
  private static final List<Path> MAIN_SOURCES = List.of(
      Path.of("src/main/java"), Path.of("../starter/src/main/java"), Path.of("../worker/src/main/java"));
  private static final Pattern HAND_MADE_FAILURE = Pattern.compile(
      "\\b(newFailure|newNonRetryableFailure|newFailureWithCause|newNonRetryableFailureWithCause)\\(");

  @Test
  void noApplicationFailureIsBuiltOutsideFailureType() {
    assertThat(MAIN_SOURCES).allSatisfy(dir -> assertThat(dir).isDirectory());

    List<String> offenders = new ArrayList<>();
    for (Path dir : MAIN_SOURCES) {
      offenders.addAll(handMadeFailures(dir));
    }

    assertThat(offenders)
        .as("throw FailureType.X.failure(message) instead (add a constant to FailureType for a new type)")
        .isEmpty();
  }

  private static List<String> handMadeFailures(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<String> found = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        if (file.getFileName().toString().equals("FailureType.java")) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (HAND_MADE_FAILURE.matcher(lines.get(i)).find()) {
            found.add(file.normalize() + ":" + (i + 1) + ": " + lines.get(i).strip());
          }
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

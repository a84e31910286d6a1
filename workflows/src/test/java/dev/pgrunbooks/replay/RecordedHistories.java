package dev.pgrunbooks.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The recorded histories on the test classpath: every {@code histories/**}{@code /*.json}. */
final class RecordedHistories {
  private RecordedHistories() {}

  static Path root() {
    URL url = RecordedHistories.class.getClassLoader().getResource("histories");
    if (url == null) {
      throw new IllegalStateException("no histories/ folder on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> all() {
    try (Stream<Path> files = Files.walk(root())) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** E.g. {@code v0/backup-succeeded.json}. */
  static String name(Path history) {
    return root().relativize(history).toString();
  }

  static Path named(String name) {
    return root().resolve(name);
  }
}

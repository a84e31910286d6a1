package dev.pgrunbooks.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, for tests about files that live there (README, compose, scripts). */
final class RepoFiles {
  private RepoFiles() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("starter"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
  }
}

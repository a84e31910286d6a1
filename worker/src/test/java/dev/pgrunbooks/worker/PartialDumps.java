package dev.pgrunbooks.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/** The moment a worker is inside its dump: what the tests that stop a worker mid-backup wait for. */
final class PartialDumps {
  private PartialDumps() {}

  /** Waits until the dump's temporary file in the store has bytes in it; returns how many. */
  static long await(Path storeDir, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isDirectory(storeDir)) {
        try (Stream<Path> files = Files.walk(storeDir)) {
          long bytes = files.filter(p -> p.getFileName().toString().contains(".partial-"))
              .mapToLong(p -> p.toFile().length()).max().orElse(0);
          if (bytes > 0) {
            return bytes;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the dump never started writing within " + timeout);
  }
}

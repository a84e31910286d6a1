package dev.pgrunbooks.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Roughly how much of a dump pg_restore has read so far, for the heartbeat: the bytes its processes
 * (with {@code -j}, the leader and its workers) have read, from Linux's {@code /proc/<pid>/io}, capped at
 * the file's size. Where that is not available the progress stays at 0 until pg_restore ends.
 */
final class ReadProgress {
  private static final Pattern RCHAR = Pattern.compile("(?m)^rchar:\\s*(\\d+)$");

  private final String file;
  private final long size;
  private long best;

  ReadProgress(Path file, long size) {
    this.file = file.toString();
    this.size = size;
  }

  /** Bytes read so far; never goes down. */
  long sample() {
    long read = ProcessHandle.current().children()
        .filter(this::isOurRestore)
        .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
        .mapToLong(ReadProgress::bytesRead)
        .sum();
    best = Math.max(best, Math.min(read, size));
    return best;
  }

  private boolean isOurRestore(ProcessHandle p) {
    Optional<String[]> args = p.info().arguments();
    return args.isPresent() && List.of(args.get()).contains(file);
  }

  private static long bytesRead(ProcessHandle p) {
    try {
      Matcher m = RCHAR.matcher(Files.readString(Path.of("/proc", String.valueOf(p.pid()), "io")));
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}

package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.DigestingInputStream;
import dev.pgrunbooks.backup.ProgressHeartbeat;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import dev.pgrunbooks.store.StoreException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The worker's copies of dumps: {@code <workDir>/<workflowId>/<dump file name>}. A copy is written under a
 * temporary name and renamed once complete and its SHA-256 matches the manifest, so a file under the
 * final name is always a whole, checked dump. A step that finds the file missing (it runs on another
 * worker than the download did) or different fetches it again.
 */
final class WorkFiles {
  private final Path workDir;
  private final BackupStore store;

  WorkFiles(Path workDir, BackupStore store) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.store = store;
  }

  /** A checked local copy of a dump. */
  record WorkFile(Path path, long sizeBytes, String sha256) {}

  Path directory(String workflowId) {
    return workDir.resolve(safe(workflowId));
  }

  Path fileFor(String workflowId, String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return directory(workflowId).resolve(safe(name));
  }

  /**
   * The dump at {@code key} as a local file whose SHA-256 is {@code sha256}: the one already there, or a
   * fresh download.
   *
   * @throws ApplicationFailure non-retryable "ChecksumMismatch" (nothing left behind) or "DumpMissing";
   *     retryable "StoreError" / "WorkFileError"
   */
  WorkFile ensure(String key, String sha256, String workflowId) {
    Path file = fileFor(workflowId, key);
    try {
      if (Files.isRegularFile(file)) {
        String existing = sha256Of(file);
        if (existing.equalsIgnoreCase(sha256)) {
          return new WorkFile(file, Files.size(file), existing);
        }
        Files.delete(file);
      }
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw workFileError(file, e);
    }
    return download(key, sha256, file);
  }

  private WorkFile download(String key, String sha256, Path file) {
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    String actual;
    long size;
    try (ProgressHeartbeat heartbeat = ProgressHeartbeat.start("downloaded");
        InputStream stored = store.open(key);
        DigestingInputStream in = new DigestingInputStream(stored, heartbeat::add);
        OutputStream out = Files.newOutputStream(partial)) {
      in.transferTo(out);
      actual = in.sha256Hex();
      size = in.count();
    } catch (NoSuchObjectException e) {
      deleteQuietly(partial);
      throw FailureType.DUMP_MISSING.failure("backup " + key + " is not in " + store.describe()
          + " (removed since it was chosen?); restore from another backup (runbook backups TARGET)");
    } catch (StoreException e) {
      deleteQuietly(partial);
      throw FailureType.STORE_ERROR.failure("downloading " + key + " from " + store.describe() + " failed: "
          + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(partial);
      throw workFileError(partial, e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
    if (!actual.equalsIgnoreCase(sha256)) {
      deleteQuietly(partial);
      throw FailureType.CHECKSUM_MISMATCH.failure("backup " + key + " in " + store.describe()
          + " does not match its manifest: expected sha256 " + sha256 + ", got " + actual + " (" + size
          + " bytes); the stored object is damaged: restore from another backup (runbook backups TARGET)");
    }
    try {
      moveIntoPlace(partial, file);
    } catch (IOException e) {
      deleteQuietly(partial);
      throw workFileError(file, e);
    }
    return new WorkFile(file, size, actual);
  }

  /** Removes a workflow's directory and everything in it; missing is fine. */
  void remove(String workflowId) {
    Path dir = directory(workflowId);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException gone) {
      // Removed concurrently: the goal is reached.
    } catch (IOException e) {
      throw workFileError(dir, e);
    }
  }

  void delete(Path file) {
    deleteQuietly(file);
  }

  private static String sha256Of(Path file) throws IOException {
    try (ProgressHeartbeat heartbeat = ProgressHeartbeat.start("checked");
        DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file), heartbeat::add)) {
      in.transferTo(OutputStream.nullOutputStream());
      return in.sha256Hex();
    }
  }

  private static void moveIntoPlace(Path partial, Path file) throws IOException {
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ApplicationFailure workFileError(Path path, Exception e) {
    return FailureType.WORK_FILE_ERROR.failure("cannot write or read the work file " + path + " (" + e + "); check"
        + " worker.workDir has space and is writable by the worker");
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // A leftover partial file is overwritten by the next attempt.
    }
  }

  /** A path segment that cannot climb out of the work directory. */
  private static String safe(String segment) {
    String s = segment.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" + s : s;
  }
}

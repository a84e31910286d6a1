package dev.pgrunbooks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class LocalBackupStoreContractTest extends BackupStoreContractTest {
  @TempDir Path directory;

  @Override
  protected BackupStore newStore(String prefix) {
    return new LocalBackupStore(directory, prefix);
  }

  /** A killed worker leaves LocalBackupStore's hidden temporary file beside the target. */
  @Override
  protected void leaveCrashedUpload(String prefix, String key) throws IOException {
    Path target = directory.resolve(prefix).resolve(key);
    Files.createDirectories(target.getParent());
    Files.write(target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID()), new byte[1024]);
  }

  @Override
  protected void assertNoPartialUploadOf(String prefix, String key) {
    try (Stream<Path> files = Files.walk(directory)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains(".partial-"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

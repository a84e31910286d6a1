package dev.pgrunbooks.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A backup store in a local directory (the embedded default). Uploads go to a hidden temporary file
 * beside the target and are renamed into place, so readers never see half an object.
 */
public final class LocalBackupStore implements BackupStore {
  private static final String PARTIAL = ".partial-";
  private static final int BUFFER = 1 << 16;

  private final Path root;

  /** @param directory the store's directory; {@code prefix} is a sub-path inside it */
  public LocalBackupStore(Path directory, String prefix) {
    this.root = directory.resolve(prefix == null ? "" : prefix).toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void checkReachable() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new StoreException("backup directory " + root + " cannot be created (" + e.getMessage()
          + "); fix storage.path or its permissions", e);
    }
    if (!Files.isWritable(root)) {
      throw new StoreException("backup directory " + root + " is not writable by the worker; fix its permissions");
    }
  }

  @Override
  public long upload(String key, InputStream data, LongConsumer progress) {
    Path file = fileOf(key);
    removePartials(file);
    Path partial = file.resolveSibling("." + file.getFileName() + PARTIAL + UUID.randomUUID());
    long total = 0;
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(partial)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        long reported = 0;
        while ((n = data.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          total += n;
          if (total - reported >= (1 << 20)) {
            progress.accept(total);
            reported = total;
          }
        }
      }
      moveIntoPlace(partial, file);
      progress.accept(total);
      return total;
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new StoreException("upload of " + key + " to " + root + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
  }

  @Override
  public void put(String key, byte[] content) {
    Path file = fileOf(key);
    Path partial = file.resolveSibling("." + file.getFileName() + PARTIAL + UUID.randomUUID());
    try {
      Files.createDirectories(file.getParent());
      Files.write(partial, content);
      moveIntoPlace(partial, file);
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new StoreException("cannot write " + key + " to " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean createIfAbsent(String key, byte[] content) {
    Path file = fileOf(key);
    Path partial = file.resolveSibling("." + file.getFileName() + PARTIAL + UUID.randomUUID());
    try {
      Files.createDirectories(file.getParent());
      Files.write(partial, content);
      // A hard link fails if the name exists (rename would replace it): the content appears whole or not at all.
      Files.createLink(file, partial);
      return true;
    } catch (FileAlreadyExistsException taken) {
      return false;
    } catch (IOException e) {
      throw new StoreException("cannot write " + key + " to " + root + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  @Override
  public InputStream open(String key) {
    try {
      return Files.newInputStream(fileOf(key));
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException(root.toString(), key);
    } catch (IOException e) {
      throw new StoreException("cannot read " + key + " from " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] read(String key) {
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StoreException("cannot read " + key + " from " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Path file = fileOf(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      return Optional.of(new StoredObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot stat " + key + " in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredObject> list(String prefix) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<StoredObject> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().contains(PARTIAL))
          .forEach(p -> {
            String key = root.relativize(p).toString().replace('\\', '/');
            if (key.startsWith(prefix)) {
              stat(key).ifPresent(objects::add);
            }
          });
    } catch (IOException | UncheckedIOException e) {
      throw new StoreException("cannot list " + prefix + " in " + root + ": " + e.getMessage(), e);
    }
    objects.sort(Comparator.comparing(StoredObject::key));
    return objects;
  }

  @Override
  public void delete(String key) {
    Path file = fileOf(key);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreException("cannot delete " + key + " from " + root + ": " + e.getMessage(), e);
    }
    removePartials(file);
  }

  @Override
  public void close() {}

  private Path fileOf(String key) {
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || key.isBlank()) {
      throw new StoreException("key " + key + " is outside the store " + root);
    }
    return file;
  }

  /** An earlier upload of this key that crashed left a temporary file: remove it. */
  private static void removePartials(Path file) {
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, "." + file.getFileName() + PARTIAL + "*")) {
      for (Path p : partials) {
        deleteQuietly(p);
      }
    } catch (IOException e) {
      // Best effort: a leftover temporary file is hidden from list() and harmless.
    }
  }

  private static void moveIntoPlace(Path partial, Path file) throws IOException {
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Temporary files are hidden from list(); nothing depends on removing them.
    }
  }
}

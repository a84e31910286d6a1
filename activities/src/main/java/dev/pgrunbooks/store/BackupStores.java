package dev.pgrunbooks.store;

import dev.pgrunbooks.config.StorageConfig;
import java.nio.file.Path;

/** Opens the store the configuration describes. */
public final class BackupStores {
  private BackupStores() {}

  public static BackupStore open(StorageConfig storage) {
    return switch (storage.type()) {
      case StorageConfig.LOCAL -> new LocalBackupStore(Path.of(storage.path()), storage.prefix());
      case StorageConfig.S3 -> new S3BackupStore(storage);
      default -> throw new StoreException("storage.type " + storage.type() + " is not supported yet");
    };
  }
}

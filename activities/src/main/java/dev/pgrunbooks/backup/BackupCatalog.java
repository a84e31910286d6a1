package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import dev.pgrunbooks.store.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The backups of a target in the store, read from the store layout ({@link BackupKeys}). Only keys
 * that follow the layout exactly are backups; anything else under the target (reports, stray files)
 * is ignored, so nothing built on the catalog (pruning) ever touches it.
 */
public final class BackupCatalog {
  /** Newest first; same instant (should not happen) by key, so the order is stable. */
  public static final Comparator<BackupEntry> NEWEST_FIRST =
      Comparator.comparing(BackupEntry::takenAt).thenComparing(BackupEntry::key).reversed();

  private final BackupStore store;

  public BackupCatalog(BackupStore store) {
    this.store = store;
  }

  /** Every backup of the target, newest first, including incomplete ones and orphan manifests. */
  public List<BackupEntry> list(String target) {
    String reports = BackupKeys.reportsPrefix(target);
    Map<String, StoredObject> dumps = new HashMap<>();
    Set<String> manifestDumpKeys = new HashSet<>();
    for (StoredObject object : store.list(BackupKeys.targetPrefix(target))) {
      String key = object.key();
      if (key.startsWith(reports)) {
        continue;
      }
      if (key.endsWith(BackupKeys.DUMP_SUFFIX) && followsLayout(target, key)) {
        dumps.put(key, object);
      } else if (key.endsWith(BackupKeys.MANIFEST_SUFFIX)) {
        String dumpKey = BackupKeys.dumpKeyOfManifest(key);
        if (followsLayout(target, dumpKey)) {
          manifestDumpKeys.add(dumpKey);
        }
      }
    }
    List<BackupEntry> entries = new ArrayList<>();
    for (StoredObject dump : dumps.values()) {
      boolean hasManifest = manifestDumpKeys.contains(dump.key());
      entries.add(entry(dump.key(), Optional.of(dump), hasManifest));
    }
    for (String dumpKey : manifestDumpKeys) {
      if (!dumps.containsKey(dumpKey)) {
        entries.add(entry(dumpKey, Optional.empty(), true));
      }
    }
    entries.sort(NEWEST_FIRST);
    return entries;
  }

  /** The newest backup restores may use: verified, and not failed by a rehearsal. */
  public Optional<BackupEntry> latestVerified(String target) {
    return list(target).stream().filter(BackupEntry::verified).findFirst();
  }

  /**
   * One backup by its dump key (a manifest key is accepted too). Empty when neither the dump nor its
   * manifest exists, or the key is not a backup of this target.
   */
  public Optional<BackupEntry> find(String target, String key) {
    String dumpKey = key.endsWith(BackupKeys.MANIFEST_SUFFIX) ? BackupKeys.dumpKeyOfManifest(key) : key;
    if (!followsLayout(target, dumpKey)) {
      return Optional.empty();
    }
    Optional<StoredObject> dump = store.stat(dumpKey);
    boolean hasManifest = store.stat(BackupKeys.manifestKey(dumpKey)).isPresent();
    if (dump.isEmpty() && !hasManifest) {
      return Optional.empty();
    }
    return Optional.of(entry(dumpKey, dump, hasManifest));
  }

  private BackupEntry entry(String dumpKey, Optional<StoredObject> dump, boolean hasManifest) {
    Instant takenAt = BackupKeys.takenAt(dumpKey).orElseThrow();
    long size = dump.map(StoredObject::sizeBytes).orElse(0L);
    if (dump.isEmpty()) {
      return new BackupEntry(dumpKey, takenAt, 0, true, false, null, BackupEntry.MISSING_DUMP);
    }
    if (!hasManifest) {
      return new BackupEntry(dumpKey, takenAt, size, false, false, null, BackupEntry.INCOMPLETE);
    }
    ManifestRead read = readManifest(BackupKeys.manifestKey(dumpKey));
    if (!read.present()) {
      // Removed between listing and reading (a concurrent prune): the dump is uncommitted now.
      return new BackupEntry(dumpKey, takenAt, size, false, false, null, BackupEntry.INCOMPLETE);
    }
    BackupManifest manifest = read.manifest();
    if (manifest != null && manifest.verified() && manifest.failedRehearsal()) {
      return new BackupEntry(dumpKey, takenAt, size, true, false, manifest, BackupEntry.FAILED_REHEARSAL);
    }
    boolean verified = manifest != null && manifest.verified();
    return new BackupEntry(dumpKey, takenAt, size, true, verified, manifest,
        verified ? BackupEntry.VERIFIED : BackupEntry.UNVERIFIED);
  }

  /**
   * Only unparseable content counts as an unreadable manifest; a store failure propagates, because
   * treating a verified backup as unverified on a network blip could get it pruned.
   */
  private ManifestRead readManifest(String manifestKey) {
    byte[] json;
    try {
      json = store.read(manifestKey);
    } catch (NoSuchObjectException e) {
      return new ManifestRead(false, null);
    }
    try {
      return new ManifestRead(true, ManifestCodec.decode(json, manifestKey));
    } catch (ManifestCodec.InvalidManifestException e) {
      return new ManifestRead(true, null);
    }
  }

  private record ManifestRead(boolean present, BackupManifest manifest) {}

  /** The key is exactly what {@link BackupKeys#dumpKey} writes for this target at its stamp. */
  private static boolean followsLayout(String target, String dumpKey) {
    return BackupKeys.takenAt(dumpKey)
        .map(at -> BackupKeys.dumpKey(target, at).equals(dumpKey))
        .orElse(false);
  }
}

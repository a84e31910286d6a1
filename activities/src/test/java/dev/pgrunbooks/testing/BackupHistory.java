package dev.pgrunbooks.testing;

import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.nio.file.Files;
import java.io.IOException;
import dev.pgrunbooks.store.LocalBackupStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.StoredObject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Writes backups into a real store the way the backup runbook lays them out. */
public final class BackupHistory {
  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final BackupStore store;
  private final String target;

  public BackupHistory(BackupStore store, String target) {
    this.store = store;
    this.target = target;
  }

  /** Dump plus a manifest that says verified: a committed backup. */
  public String verified(Instant at) {
    String key = dump(at);
    putManifest(key, true);
    return key;
  }

  /** Dump plus a manifest that says not verified. */
  public String unverified(Instant at) {
    String key = dump(at);
    putManifest(key, false);
    return key;
  }

  /** Dump without manifest, written at {@code at}: in progress or never committed. */
  public String incomplete(Instant at) {
    String key = incompleteStillBeingWritten(at);
    // Prune's grace counts from the object's age as well as the key's stamp: make the object as old.
    if (store instanceof LocalBackupStore) {
      try {
        Files.setLastModifiedTime(Path.of(store.describe()).resolve(key), FileTime.from(at));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return key;
  }

  /** Dump without manifest, stamped {@code at} but written just now: a slow backup still committing. */
  public String incompleteStillBeingWritten(Instant at) {
    return dump(at);
  }

  /** Dump plus a manifest that is not JSON. */
  public String unreadableManifest(Instant at) {
    String key = dump(at);
    store.put(BackupKeys.manifestKey(key), "{\"verified\": tru".getBytes(StandardCharsets.UTF_8));
    return key;
  }

  /** Manifest whose dump is gone; returns the dump key. */
  public String orphanManifest(Instant at) {
    String key = BackupKeys.dumpKey(target, at);
    putManifest(key, true);
    return key;
  }

  /** A manifest from a later version, with fields this one does not know. */
  public String verifiedWithFutureManifest(Instant at) {
    String key = dump(at);
    ObjectNode json = JSON.valueToTree(manifest(key, true));
    json.put("manifestVersion", 7);
    json.put("compression", "zstd");
    json.putObject("encryption").put("kms", "key-1");
    store.put(BackupKeys.manifestKey(key), json.toString().getBytes(StandardCharsets.UTF_8));
    return key;
  }

  /** Every key in the store under the target. */
  public Set<String> storedKeys() {
    return store.list(BackupKeys.targetPrefix(target)).stream()
        .map(StoredObject::key)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private String dump(Instant at) {
    String key = BackupKeys.dumpKey(target, at);
    store.put(key, ("PGDMP fake dump of " + target + " at " + at).getBytes(StandardCharsets.UTF_8));
    return key;
  }

  private void putManifest(String dumpKey, boolean verified) {
    try {
      store.put(BackupKeys.manifestKey(dumpKey), JSON.writeValueAsBytes(manifest(dumpKey, verified)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BackupManifest manifest(String dumpKey, boolean verified) {
    Instant at = BackupKeys.takenAt(dumpKey).orElseThrow();
    return new BackupManifest(BackupManifest.CURRENT_VERSION, target, target, dumpKey, "custom",
        store.stat(dumpKey).map(StoredObject::sizeBytes).orElse(0L), "ab".repeat(32), "15.8", "15.8",
        Map.of("public.orders", 42L), 12, at, at.plusSeconds(60), verified, "backup-" + target + "-"
        + BackupKeys.stamp(at));
  }
}

package dev.pgrunbooks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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

/** Old backups written straight into a real store, laid out as the backup runbook lays them out. */
final class SyntheticBackups {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final BackupStore store;
  private final String target;

  SyntheticBackups(BackupStore store, String target) {
    this.store = store;
    this.target = target;
  }

  /** Dump plus a manifest that says verified. */
  String verified(Instant at) {
    String key = dump(at);
    manifest(key, true);
    return key;
  }

  /** Dump without manifest: a backup that never committed. */
  String incomplete(Instant at) {
    return dump(at);
  }

  Set<String> storedKeys() {
    return store.list(BackupKeys.targetPrefix(target)).stream()
        .map(StoredObject::key)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private String dump(Instant at) {
    String key = BackupKeys.dumpKey(target, at);
    store.put(key, ("PGDMP synthetic dump of " + target + " at " + at).getBytes(StandardCharsets.UTF_8));
    return key;
  }

  private void manifest(String dumpKey, boolean verified) {
    Instant at = BackupKeys.takenAt(dumpKey).orElseThrow();
    BackupManifest manifest = new BackupManifest(BackupManifest.CURRENT_VERSION, target, target, dumpKey, "custom",
        store.stat(dumpKey).map(StoredObject::sizeBytes).orElse(0L), "ab".repeat(32), "15.8", "15.8",
        Map.of("public.t", 1L), 3, at, at.plusSeconds(30), verified, "backup-" + target + "-" + BackupKeys.stamp(at));
    try {
      store.put(BackupKeys.manifestKey(dumpKey), JSON.writeValueAsBytes(manifest));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

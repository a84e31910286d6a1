package dev.pgrunbooks.census;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import java.io.IOException;
import java.util.Optional;

/**
 * The census beside its dump, {@code <dump key without .dump>.census.json}. The backup writes it in its
 * dump step, before the manifest, so a committed backup made by this version always has one; a backup
 * made before it has none, and restores say which facts they could not check.
 */
public final class CensusStore {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private CensusStore() {}

  public static void write(BackupStore store, String dumpKey, DatabaseCensus census) {
    try {
      store.put(BackupKeys.censusKey(dumpKey), JSON.writeValueAsBytes(census));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the census of " + dumpKey + ": " + e.getMessage(), e);
    }
  }

  /**
   * The census of the backup at {@code dumpKey}; empty when the backup predates censuses.
   *
   * @throws IllegalStateException when one is there but unreadable
   */
  public static Optional<DatabaseCensus> read(BackupStore store, String dumpKey) {
    String key = BackupKeys.censusKey(dumpKey);
    byte[] json;
    try {
      json = store.read(key);
    } catch (NoSuchObjectException absent) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(json, DatabaseCensus.class));
    } catch (IOException e) {
      throw new IllegalStateException("census " + key + " is not valid census JSON: " + e.getMessage(), e);
    }
  }
}

package dev.pgrunbooks.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * Evidence too big for workflow history (per-table counts, full comparisons) as JSON objects in the
 * store: ISO-8601 instants, maps sorted by key so a human can read them, unknown fields ignored.
 */
public final class StoredJson {
  public static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private StoredJson() {}

  /** Writes {@code value} at {@code key}, atomically (replacing what an earlier attempt wrote). */
  public static void put(BackupStore store, String key, Object value) {
    try {
      store.put(key, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + key + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code key} as {@code type}.
   *
   * @throws NoSuchObjectException when nothing is stored there
   * @throws StoreException when it is not such JSON
   */
  public static <T> T read(BackupStore store, String key, Class<T> type) {
    byte[] json = store.read(key);
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new StoreException(key + " in " + store.describe() + " is not readable JSON: " + e.getMessage(), e);
    }
  }
}

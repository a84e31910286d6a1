package dev.pgrunbooks.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.store.BackupStore;
import java.io.IOException;

/**
 * {@link BackupManifest} as JSON: pretty, ISO-8601 instants, row counts sorted by table, so a human can
 * read the commit marker in the store. Unknown fields are ignored when reading, so an older worker can
 * still read a manifest a newer one wrote with extra fields.
 */
public final class ManifestCodec {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ManifestCodec() {}

  public static byte[] encode(BackupManifest manifest) {
    try {
      return JSON.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write manifest for " + manifest.key() + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param source where the JSON came from (a store key), for the error message
   * @throws InvalidManifestException when it is not a manifest this version can read
   */
  public static BackupManifest decode(byte[] json, String source) {
    BackupManifest manifest;
    try {
      manifest = JSON.readValue(json, BackupManifest.class);
    } catch (JsonProcessingException e) {
      throw new InvalidManifestException("manifest " + source + " is not valid manifest JSON ("
          + e.getOriginalMessage() + "); the backup it describes cannot be trusted");
    } catch (IOException e) {
      throw new InvalidManifestException("manifest " + source + " cannot be read: " + e.getMessage());
    }
    if (manifest == null || manifest.key() == null || manifest.sha256() == null) {
      throw new InvalidManifestException("manifest " + source + " lacks its key or sha256; the backup it"
          + " describes cannot be trusted");
    }
    // Later manifest versions only add fields, which are ignored here: refusing them would make an
    // older worker see a newer worker's verified backups as unverified, and prune them.
    return manifest;
  }

  /** Reads and decodes the manifest stored at {@code manifestKey}. */
  public static BackupManifest read(BackupStore store, String manifestKey) {
    return decode(store.read(manifestKey), manifestKey);
  }

  /** A stored manifest that cannot be used. */
  public static final class InvalidManifestException extends RuntimeException {
    public InvalidManifestException(String message) {
      super(message);
    }
  }
}

package dev.pgrunbooks.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Where dumps, manifests and reports are kept. Keys are relative ({@code orders/2026/11/...}); the
 * store adds its configured prefix. Writes are atomic: an object is there complete or not at all, so
 * a crash mid-upload never leaves something that looks like a backup.
 */
public interface BackupStore extends AutoCloseable {

  /** Where this store is, for messages: {@code s3://bucket/prefix} or a directory. No credentials. */
  String describe();

  /** Checks the store can be used (the directory or bucket exists); throws {@link StoreException} saying what to fix. */
  void checkReachable();

  /**
   * Streams {@code data} of unknown length to {@code key}, replacing what is there, in bounded memory.
   * On failure nothing is left at {@code key} (a previous complete object is kept), and no partial
   * upload is left behind. Leftovers of an earlier crashed upload to the same key are removed first.
   *
   * @param progress called with the total bytes stored so far, now and then
   * @return bytes stored
   */
  long upload(String key, InputStream data, LongConsumer progress);

  /** Writes a small object (a manifest, a report) atomically. */
  void put(String key, byte[] content);

  /**
   * Writes a small object only if nothing is at {@code key}, atomically against a concurrent writer: the
   * claim on a dump key ({@code BackupKeys.claimKey}) is taken this way, so two runs never share a key.
   *
   * @return true when this call created it, false when something was there already
   */
  boolean createIfAbsent(String key, byte[] content);

  /** Opens an object for streaming; the caller closes it. */
  InputStream open(String key);

  byte[] read(String key);

  Optional<StoredObject> stat(String key);

  /** Every object whose key starts with {@code prefix}, in key order. */
  List<StoredObject> list(String prefix);

  /** Removes the object; removing one that is not there is not an error. */
  void delete(String key);

  @Override
  void close();
}

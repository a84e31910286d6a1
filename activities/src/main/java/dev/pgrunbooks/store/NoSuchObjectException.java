package dev.pgrunbooks.store;

/** The key is not in the store. */
public class NoSuchObjectException extends StoreException {
  public NoSuchObjectException(String store, String key) {
    super("no object " + key + " in " + store);
  }
}

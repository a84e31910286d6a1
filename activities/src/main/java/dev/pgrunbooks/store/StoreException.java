package dev.pgrunbooks.store;

/** The store cannot do what was asked; the message says which store, which key, and what to fix. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

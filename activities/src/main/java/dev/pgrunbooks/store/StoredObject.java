package dev.pgrunbooks.store;

import java.time.Instant;

/** An object in the store; {@code key} is relative to the store's prefix. */
public record StoredObject(String key, long sizeBytes, Instant lastModified) {}

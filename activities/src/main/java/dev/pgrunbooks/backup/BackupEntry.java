package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.Labelled;
import dev.pgrunbooks.runbook.BackupKeys;
import java.time.Instant;

/**
 * One backup in the store as the catalog sees it.
 *
 * @param key the dump key (also for an orphan manifest, whose dump is gone)
 * @param takenAt when the backup was started, from the key's stamp
 * @param sizeBytes the dump's size; 0 when the dump is missing
 * @param hasManifest a manifest object exists beside the dump (readable or not)
 * @param verified the manifest was read and says the artifact was verified
 * @param manifest the parsed manifest; null when there is none or it cannot be read
 * @param status what the backup is good for, see {@link Status}
 */
public record BackupEntry(
    String key,
    Instant takenAt,
    long sizeBytes,
    boolean hasManifest,
    boolean verified,
    BackupManifest manifest,
    Status status) {

  /** What a backup is good for. Its label is what {@code runbook backups} prints and its JSON holds. */
  public enum Status implements Labelled {
    /** Dump and manifest present, manifest says verified: restores may use it. */
    VERIFIED,
    /** Dump without manifest: in progress, or a backup that never committed. */
    INCOMPLETE,
    /** Manifest present but not verified, or not readable. */
    UNVERIFIED,
    /** Manifest whose dump is gone (a prune interrupted, or a hand deletion). */
    MISSING_DUMP,
    /**
     * Verified when written, but a restore rehearsal of it failed (its manifest says why): not good any
     * more, so retention holds no tier for it and {@code latest} skips it; only its key names it.
     */
    FAILED_REHEARSAL;

    /** The label, so that messages built with {@code + status} read as before. */
    @Override
    public String toString() {
      return label();
    }
  }

  // Short names, as callers (and tests) wrote them when the status was a string.
  public static final Status VERIFIED = Status.VERIFIED;
  public static final Status INCOMPLETE = Status.INCOMPLETE;
  public static final Status UNVERIFIED = Status.UNVERIFIED;
  public static final Status MISSING_DUMP = Status.MISSING_DUMP;
  public static final Status FAILED_REHEARSAL = Status.FAILED_REHEARSAL;

  public String manifestKey() {
    return BackupKeys.manifestKey(key);
  }
}

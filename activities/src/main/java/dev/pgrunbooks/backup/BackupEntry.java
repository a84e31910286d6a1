package dev.pgrunbooks.backup;

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
 * @param status one of {@link #VERIFIED}, {@link #INCOMPLETE}, {@link #UNVERIFIED}, {@link #MISSING_DUMP},
 *     {@link #FAILED_REHEARSAL}
 */
public record BackupEntry(
    String key,
    Instant takenAt,
    long sizeBytes,
    boolean hasManifest,
    boolean verified,
    BackupManifest manifest,
    String status) {

  /** Dump and manifest present, manifest says verified: restores may use it. */
  public static final String VERIFIED = "verified";
  /** Dump without manifest: in progress, or a backup that never committed. */
  public static final String INCOMPLETE = "incomplete";
  /** Manifest present but not verified, or not readable. */
  public static final String UNVERIFIED = "unverified";
  /** Manifest whose dump is gone (a prune interrupted, or a hand deletion). */
  public static final String MISSING_DUMP = "missing-dump";
  /**
   * Verified when written, but a restore rehearsal of it failed (its manifest says why): not good any
   * more, so retention holds no tier for it and {@code latest} skips it; only its key names it.
   */
  public static final String FAILED_REHEARSAL = "failed-rehearsal";

  public String manifestKey() {
    return BackupKeys.manifestKey(key);
  }
}

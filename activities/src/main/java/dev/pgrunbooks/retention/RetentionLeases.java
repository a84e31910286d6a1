package dev.pgrunbooks.retention;

import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.StoreException;
import dev.pgrunbooks.store.StoredJson;
import dev.pgrunbooks.store.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention leases: a backup that a running restore or rehearsal uses is never pruned.
 *
 * <p>A lease is a small object in the store, {@code <target>/leases/<workflow id>.json}, naming the
 * backup key and when the lease expires. Download and Restore write it (again on every attempt, which
 * pushes the expiry on), RemoveWorkFiles (the cleanup every restore and rehearsal ends with) removes it,
 * and Prune keeps every backup with a lease that has not expired. It lives in the store rather than in a
 * worker or a workflow because the store is what Prune reads: it survives worker crashes and needs no
 * coordination between workflows; a runbook that dies without cleaning up holds its backup only until
 * the lease expires ({@link #TTL}), after which Prune removes the lease.
 */
public final class RetentionLeases {
  /**
   * Long enough for a restore waiting at its approval gate and for an operator's decision over a weekend;
   * short enough that an abandoned lease does not keep a backup much past its retention.
   */
  public static final Duration TTL = Duration.ofDays(3);

  private static final Logger log = LoggerFactory.getLogger(RetentionLeases.class);

  /** What a lease says: which backup, who holds it, until when. */
  public record Lease(String backupKey, String workflowId, Instant takenAt, Instant expiresAt) {}

  private final BackupStore store;

  public RetentionLeases(BackupStore store) {
    this.store = store;
  }

  public static String leasesPrefix(String target) {
    return BackupKeys.targetPrefix(target) + "leases/";
  }

  public static String leaseKey(String target, String workflowId) {
    return leasesPrefix(target) + workflowId.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
  }

  /** Holds {@code backupKey} for {@code workflowId} until {@code now + TTL}; replaces that workflow's earlier lease. */
  public void hold(String target, String backupKey, String workflowId, Instant now) {
    StoredJson.put(store, leaseKey(target, workflowId), new Lease(backupKey, workflowId, now, now.plus(TTL)));
  }

  /** Gives up whatever {@code workflowId} holds under {@code target}; nothing held is fine. */
  public void release(String target, String workflowId) {
    store.delete(leaseKey(target, workflowId));
  }

  /**
   * The backups leased now, each with the workflow holding it. Expired and unreadable leases are removed
   * when {@code removeExpired} (a prune), ignored otherwise (a listing).
   */
  public Map<String, String> active(String target, Instant now, boolean removeExpired) {
    Map<String, String> leased = new HashMap<>();
    for (StoredObject object : store.list(leasesPrefix(target))) {
      Lease lease;
      try {
        lease = StoredJson.read(store, object.key(), Lease.class);
      } catch (StoreException unreadable) {
        lease = null;
      }
      if (lease == null || lease.backupKey() == null || lease.expiresAt() == null) {
        // Written whole or not at all, so unreadable means damaged: better to prune than to keep forever.
        log.warn("ignoring unreadable retention lease {}", object.key());
        continue;
      }
      if (lease.expiresAt().isAfter(now)) {
        leased.merge(lease.backupKey(), lease.workflowId(), (a, b) -> a + ", " + b);
      } else if (removeExpired) {
        log.info("removing expired retention lease {} ({} held {} until {})", object.key(), lease.workflowId(),
            lease.backupKey(), lease.expiresAt());
        store.delete(object.key());
      }
    }
    return leased;
  }
}

package dev.pgrunbooks.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import dev.pgrunbooks.store.StoreException;
import dev.pgrunbooks.store.StoredJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which workflow run owns a dump key. Keys are stamped to the second, so two runs (a schedule and a
 * manual run, a reset) can be given the same one. Dump claims its key before writing there, with a
 * create-if-absent write of {@link BackupKeys#claimKey}: the first run keeps the key, any other moves on
 * to the next free second ({@link BackupKeys#laterKey}), so the layout stays as PRODUCT.md fixes it and
 * listings, the catalog and retention read the key as usual. A key that has a manifest or a dump but
 * no claim (written before claims existed) counts as taken. DiscardDump removes only what a claim of
 * its own run covers.
 */
final class DumpClaims {
  /** How many seconds after its stamp a dump may move; more runs than this in one minute is refused. */
  static final int MAX_SHIFT_SECONDS = 60;

  /** What a claim records: the run, for the owner check, and when, for people reading the store. */
  record Claim(String runId, String workflowId, Instant claimedAt) {}

  private final BackupStore store;

  DumpClaims(BackupStore store) {
    this.store = store;
  }

  /**
   * The key this run dumps to: {@code requested} if it is free or already this run's (a retry), else
   * the next free second after it.
   */
  String claim(String requested, Claim mine) {
    byte[] content = encode(mine);
    for (int shift = 0; shift <= MAX_SHIFT_SECONDS; shift++) {
      String key = shift == 0 ? requested : BackupKeys.laterKey(requested, shift);
      Optional<Claim> owner = ownerOf(key);
      if (owner.isPresent()) {
        if (owner.get().runId().equals(mine.runId())) {
          return key;
        }
        continue;
      }
      if (store.stat(key).isPresent() || store.stat(BackupKeys.manifestKey(key)).isPresent()) {
        continue; // written before claims existed: someone's backup, never ours to overwrite
      }
      if (store.createIfAbsent(BackupKeys.claimKey(key), content)) {
        return key;
      }
      // Another run claimed it between our look and our write: its key now, try the next second.
      if (ownerOf(key).map(c -> c.runId().equals(mine.runId())).orElse(false)) {
        return key;
      }
    }
    throw FailureType.KEY_TAKEN.failure("every dump key from " + requested + " to " + MAX_SHIFT_SECONDS
        + " s later is taken by other backup runs; wait a minute and back up again");
  }

  /** The keys from {@code requested} on that this run claimed (normally one). */
  List<String> claimedBy(String requested, String runId) {
    List<String> mine = new ArrayList<>();
    for (int shift = 0; shift <= MAX_SHIFT_SECONDS; shift++) {
      String key = shift == 0 ? requested : BackupKeys.laterKey(requested, shift);
      if (ownerOf(key).map(c -> c.runId().equals(runId)).orElse(false)) {
        mine.add(key);
      }
    }
    return mine;
  }

  Optional<Claim> ownerOf(String key) {
    try {
      return Optional.of(StoredJson.read(store, BackupKeys.claimKey(key), Claim.class));
    } catch (NoSuchObjectException e) {
      return Optional.empty();
    } catch (StoreException e) {
      if (e.getCause() instanceof JsonProcessingException) {
        return Optional.of(new Claim("(unreadable claim)", null, null)); // someone's: never ours
      }
      throw e;
    }
  }

  private static byte[] encode(Claim claim) {
    try {
      return StoredJson.JSON.writeValueAsBytes(claim);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the claim: " + e.getMessage(), e);
    }
  }
}

package dev.pgrunbooks.retention;

import dev.pgrunbooks.backup.BackupEntry;
import java.util.Set;

/**
 * What retention does with one backup.
 *
 * @param tiers the tiers the backup holds (empty for backups kept or removed for another reason)
 * @param reason why, for people: the tier labels ({@code "daily,weekly"}) or a sentence
 *     ({@code "incomplete, older than 1 day"})
 */
public record RetentionDecision(BackupEntry entry, boolean keep, Set<Tier> tiers, String reason) {
  public RetentionDecision {
    tiers = Set.copyOf(tiers);
  }

  public String key() {
    return entry.key();
  }

  /** {@code "daily,weekly,newest"} in tier order, or {@code ""}: the "tier" column of a listing. */
  public String tierLabel() {
    return Tier.join(tiers);
  }
}

package dev.pgrunbooks.backup;

import java.util.List;

/**
 * What retention kept and removed.
 *
 * @param kept dump keys kept, each with the tiers that keep it ("daily", "weekly", "monthly", "newest")
 * @param deleted dump keys removed (with their manifests), each with the reason
 * @param dryRun nothing was deleted: this is the plan
 */
public record PruneReport(String target, List<Decision> kept, List<Decision> deleted, boolean dryRun) {

  /** One backup and why it is kept or removed. */
  public record Decision(String key, String reason) {}
}

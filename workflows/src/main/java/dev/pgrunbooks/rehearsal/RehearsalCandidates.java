package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.backup.ManifestSummary;
import java.util.List;

/**
 * The backups a rehearsal may pick from, newest first; the workflow draws one with its deterministic
 * random. Never empty: the step fails instead, saying why. Summaries only: the row counts stay in the
 * stored manifests (an older worker's whole manifests read as summaries too).
 *
 * @param pick the rule that chose them: random-weekly, latest or key
 * @param description one line for the journal, e.g. "3 weekly verified backups within 30d"
 */
public record RehearsalCandidates(String pick, List<ManifestSummary> candidates, String description) {}

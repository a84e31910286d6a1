package dev.pgrunbooks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.rehearsal.RehearsalOutcome;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import dev.pgrunbooks.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;

/**
 * The evidence report a finished restore or rehearsal left in the store, for {@code runbook status}:
 * the one its result names, or, for a run that failed (and so has no result), the newest report
 * written under its workflow id since it started.
 */
final class EvidenceReports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvidenceReports() {}

  /** @param json the JSON report; {@code markdown} the same report for people */
  record Report(String key, JsonNode json, String markdown) {}

  static Optional<Report> find(RunbookConfig config, RunbookState state) {
    if (!state.closed() || state.target() == null || !config.targets().containsKey(state.target())) {
      return Optional.empty();
    }
    try (BackupStore store = BackupStores.open(config.storage())) {
      return reportKey(store, state).map(key -> new Report(key, readJson(store, key), readMarkdown(store, key)));
    }
  }

  private static Optional<String> reportKey(BackupStore store, RunbookState state) {
    if (state.result() instanceof RestoreOutcome restore && restore.reportKey() != null) {
      return Optional.of(restore.reportKey());
    }
    if (state.result() instanceof RehearsalOutcome rehearsal && rehearsal.reportKey() != null) {
      return Optional.of(rehearsal.reportKey());
    }
    String prefix = BackupKeys.reportsPrefix(state.target()) + state.workflowId();
    return store.list(prefix).stream()
        .filter(o -> o.key().endsWith(".json"))
        .filter(o -> state.startedAt() == null || !o.lastModified().isBefore(state.startedAt()))
        .max(Comparator.comparing(StoredObject::lastModified))
        .map(StoredObject::key);
  }

  private static JsonNode readJson(BackupStore store, String key) {
    try {
      return JSON.readTree(store.read(key));
    } catch (IOException e) {
      throw new UncheckedIOException("the report " + key + " is not valid JSON", e);
    }
  }

  private static String readMarkdown(BackupStore store, String jsonKey) {
    String markdownKey = jsonKey.substring(0, jsonKey.length() - ".json".length()) + ".md";
    return store.stat(markdownKey).map(o -> new String(store.read(markdownKey), StandardCharsets.UTF_8)).orElse(null);
  }
}

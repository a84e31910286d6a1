package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.restore.RestoreReportWriter;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rehearsal reports a target has in the store, newest first. */
public final class RehearsalReports {
  private static final Logger log = LoggerFactory.getLogger(RehearsalReports.class);
  /** A worker restarting should not read years of reports to find the last good one. */
  private static final int MAX_READ = 60;

  private final BackupStore store;

  public RehearsalReports(BackupStore store) {
    this.store = store;
  }

  /** Keys of the target's rehearsal reports (JSON), newest first: the stamp in the name sorts them. */
  public List<String> keys(String target) {
    Pattern name = Pattern.compile(Pattern.quote(BackupKeys.reportsPrefix(target) + RunbookKind.REHEARSAL + "-"
        + target + "-") + "\\d{8}T\\d{6}Z\\.json");
    return store.list(BackupKeys.reportsPrefix(target)).stream()
        .map(StoredObject::key)
        .filter(k -> name.matcher(k).matches())
        .sorted(Comparator.reverseOrder())
        .toList();
  }

  public RehearsalReport read(String key) throws IOException {
    return RestoreReportWriter.readRehearsal(store.read(key));
  }

  /** When the target's newest passed rehearsal finished, if one of its recent reports says so. */
  public Optional<Instant> lastPassed(String target) {
    for (String key : keys(target).stream().limit(MAX_READ).toList()) {
      try {
        RehearsalReport report = read(key);
        if (report.outcome() == RehearsalResult.PASSED && report.finishedAt() != null) {
          return Optional.of(report.finishedAt());
        }
      } catch (IOException | RuntimeException unreadable) {
        log.warn("skipping unreadable rehearsal report {}: {}", key, unreadable.getMessage());
      }
    }
    return Optional.empty();
  }
}

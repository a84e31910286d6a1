package dev.pgrunbooks.testing;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.BackupRehearsal;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.rehearsal.RecoveryPoint;
import dev.pgrunbooks.rehearsal.RehearsalActivities;
import dev.pgrunbooks.rehearsal.RehearsalCandidates;
import dev.pgrunbooks.rehearsal.RehearsalMeasured;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import dev.pgrunbooks.rehearsal.RehearsalReport;
import dev.pgrunbooks.rehearsal.SmokeReport;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.FakeCluster.Database;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rehearsal's own steps over the fake store and cluster. */
final class FakeRehearsalActivities implements RehearsalActivities {
  private final FakeWorld world;

  FakeRehearsalActivities(FakeWorld world) {
    this.world = world;
  }

  @Override
  public RehearsalCandidates pickBackup(String target, String pick, Instant at) {
    world.failures.apply("PickBackup");
    List<BackupManifest> good = world.store.goodBackups(target);
    List<BackupManifest> chosen = "latest".equals(pick) ? good.stream().limit(1).toList()
        : pick == null || "random-weekly".equals(pick) ? good
        : world.store.manifest(pick).stream().toList();
    if (chosen.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("no verified backup of " + target, "NoVerifiedBackup");
    }
    String rule = pick == null ? "random-weekly" : pick.contains("/") ? "key" : pick;
    return new RehearsalCandidates(rule, chosen.stream().map(ManifestSummary::of).toList(),
        chosen.size() + " verified backups");
  }

  @Override
  public SmokeReport smokeQueries(String target, String database) {
    world.failures.apply("SmokeQueries");
    boolean pass = world.smokeQueriesPass();
    var query = new SmokeReport.SmokeQuery(1, "select count(*) > 0 from orders", pass, pass ? "t" : "f", 3);
    return new SmokeReport("smoke/" + target + ".sql", List.of(query), pass);
  }

  @Override
  public RecoveryPoint measure(String target, Instant at) {
    world.failures.apply("Measure");
    Optional<BackupManifest> newest = world.store.goodBackups(target).stream().findFirst();
    Duration rto = world.rtoObjective();
    return new RecoveryPoint(newest.map(BackupManifest::key).orElse(null),
        newest.flatMap(m -> BackupKeys.takenAt(m.key())).orElse(null),
        rto == null ? null : rto.toString(), rto == null ? null : rto.toMillis(), null, null);
  }

  @Override
  public String writeReport(RehearsalReport report) {
    world.failures.apply("WriteRehearsalReport");
    world.store.putReport(report.reportKey(), report.outcome().label());
    return report.reportKey();
  }

  @Override
  public boolean dropScratch(String target, String database, String workflowId) {
    world.failures.apply("DropScratch");
    if (!RehearsalNames.isScratchDatabase(database)) {
      throw ApplicationFailure.newNonRetryableFailure(database + " is not a scratch database", "NotAScratchDatabase");
    }
    Optional<Database> db = world.cluster.database(database);
    return db.isPresent() && workflowId.equals(db.get().createdBy()) && world.cluster.drop(database);
  }

  @Override
  public void markBackup(String target, String key, BackupRehearsal verdict) {
    world.failures.apply("MarkBackup");
    world.store.markRehearsal(key, verdict);
  }

  @Override
  public void recordMetrics(RehearsalMeasured measured) {
    world.failures.apply("RecordRehearsalMetrics");
  }
}

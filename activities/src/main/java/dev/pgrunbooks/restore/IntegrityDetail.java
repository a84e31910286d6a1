package dev.pgrunbooks.restore;

import java.util.List;
import java.util.Map;

/**
 * The whole integrity comparison, stored at {@link IntegrityReport#detailKey()}: every table's expected
 * and actual row count and every difference. The workflow only carries the summary.
 */
public record IntegrityDetail(
    String database,
    String backupKey,
    Map<String, Long> expectedRows,
    Map<String, Long> actualRows,
    ObjectCounts expectedObjects,
    ObjectCounts actualObjects,
    List<String> differences) {}

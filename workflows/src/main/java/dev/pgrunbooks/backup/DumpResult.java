package dev.pgrunbooks.backup;

import java.time.Instant;
import java.util.Map;

/**
 * The dump as it was streamed into the store.
 *
 * @param rowCounts exact row count of every table, taken in the same snapshot pg_dump dumped
 *     (keys as {@code format('%I.%I')} writes them: {@code sales.orders}, {@code "Zürich"."Bestellungen"}), so a restore can demand equality
 * @param snapshot the exported snapshot id pg_dump used
 * @param pgDumpPath the pg_dump that made it (its version is {@code pgDumpVersion})
 */
public record DumpResult(
    String key,
    long sizeBytes,
    String sha256,
    Map<String, Long> rowCounts,
    String snapshot,
    String serverVersion,
    String pgDumpVersion,
    Instant startedAt,
    Instant finishedAt,
    String pgDumpPath) {}

package dev.pgrunbooks.rehearsal;

/** Where the metrics step reports a finished rehearsal: the worker's metric registry. */
public interface RehearsalMetrics {
  void rehearsalFinished(RehearsalMeasured rehearsal);

  RehearsalMetrics NONE = rehearsal -> {};
}

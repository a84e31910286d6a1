package dev.pgrunbooks.runbook;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes operators filter on in the Temporal UI. All are keywords; the worker
 * registers them at start-up where the server allows it.
 */
public final class RunbookSearchAttributes {
  public static final SearchAttributeKey<String> TARGET = SearchAttributeKey.forKeyword("RunbookTarget");
  public static final SearchAttributeKey<String> KIND = SearchAttributeKey.forKeyword("RunbookKind");
  public static final SearchAttributeKey<String> STEP = SearchAttributeKey.forKeyword("RunbookStep");
  public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("RunbookStatus");

  public static final List<SearchAttributeKey<String>> ALL = List.of(TARGET, KIND, STEP, STATUS);

  private RunbookSearchAttributes() {}
}

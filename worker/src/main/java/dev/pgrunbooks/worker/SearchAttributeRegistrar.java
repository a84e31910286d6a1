package dev.pgrunbooks.worker;

import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the runbooks' custom search attributes ({@code RunbookTarget}, {@code RunbookKind},
 * {@code RunbookStep}, {@code RunbookStatus}) where the server lets the worker do so. Where it does not
 * (no operator permission, a managed cluster), it logs the one command an admin must run.
 */
public final class SearchAttributeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private SearchAttributeRegistrar() {}

  /** @return true when all attributes exist after the call */
  public static boolean ensureRegistered(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> missing = missing(operator, namespace);
      if (!missing.isEmpty()) {
        operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace).putAllSearchAttributes(missing).build());
        log.info("registered search attributes {} in namespace {}", missing.keySet(), namespace);
      }
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return true;
      }
      log.warn("could not register search attributes ({}); ask an admin to run, once per namespace: "
              + "temporal operator search-attribute create --namespace {} --name RunbookTarget --type Keyword "
              + "--name RunbookKind --type Keyword --name RunbookStep --type Keyword --name RunbookStatus --type Keyword",
          e.getStatus().getCode(), namespace);
      return false;
    } finally {
      operator.shutdown();
    }
  }

  /**
   * The attributes the namespace lacks. Temporal's test server (the dev server) cannot list search
   * attributes but can add them: there, all of them are "missing" and adding them is harmless.
   */
  private static Map<String, IndexedValueType> missing(OperatorServiceStubs operator, String namespace) {
    Map<String, IndexedValueType> missing = new TreeMap<>();
    ListSearchAttributesResponse existing;
    try {
      existing = operator.blockingStub()
          .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      existing = ListSearchAttributesResponse.getDefaultInstance();
    }
    for (SearchAttributeKey<String> key : RunbookSearchAttributes.ALL) {
      if (!existing.getCustomAttributesMap().containsKey(key.getName())
          && !existing.getSystemAttributesMap().containsKey(key.getName())) {
        missing.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
    }
    return missing;
  }
}

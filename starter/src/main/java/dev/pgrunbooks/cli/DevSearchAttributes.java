package dev.pgrunbooks.cli;

import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * Registers the runbooks' search attributes on the embedded dev server. The worker's own registration
 * lists the existing attributes first, which the dev server (Temporal's test server) does not
 * implement; it does accept additions, so the dev server gets them here as it starts.
 */
final class DevSearchAttributes {
  private DevSearchAttributes() {}

  static void register(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      for (SearchAttributeKey<String> key : RunbookSearchAttributes.ALL) {
        try {
          operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
              .setNamespace(namespace)
              .putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
              .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
    }
  }
}

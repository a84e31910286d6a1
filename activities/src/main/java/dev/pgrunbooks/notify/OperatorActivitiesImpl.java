package dev.pgrunbooks.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgrunbooks.config.NotifyConfig;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.runbook.OperatorActivities;
import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookNotice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts runbook outcomes to a Slack-compatible webhook and counts failed steps. */
public final class OperatorActivitiesImpl implements OperatorActivities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NotifyConfig config;
  private final StepFailureCounter failures;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public OperatorActivitiesImpl(NotifyConfig config, StepFailureCounter failures) {
    this.config = config;
    this.failures = failures;
  }

  @Override
  public void notifyOperators(RunbookNotice notice) {
    if (config.webhookUrl() == null || !worthPosting(notice)) {
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(config.webhookUrl()))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(notice)))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        // The URL may hold a token: name only its host.
        throw FailureType.WEBHOOK_REJECTED.failure("webhook at " + request.uri().getHost() + " answered "
            + response.statusCode());
      }
    } catch (IOException e) {
      throw FailureType.WEBHOOK_UNREACHABLE.failure("webhook at " + request.uri().getHost() + " unreachable: "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while posting to the webhook");
    }
  }

  /**
   * Failures, warnings and requests for a human always; a finished restore always (someone is waiting
   * for it); successful backups and rehearsals only with {@code notify.onSuccess}, or every night's
   * backup would train the channel to ignore it.
   */
  private boolean worthPosting(RunbookNotice notice) {
    return notice.outcome() != NoticeOutcome.SUCCEEDED || notice.kind() == RunbookKind.RESTORE || config.onSuccess();
  }

  @Override
  public void recordStepFailure(RunbookKind kind, String target, String step) {
    failures.stepFailed(kind.label(), target, step);
  }

  /** Slack's incoming-webhook shape: a {@code text} field, plus the fields for other receivers. */
  static String body(RunbookNotice n) {
    String icon = switch (n.outcome()) {
      case SUCCEEDED -> ":white_check_mark:";
      case WARNING, NEEDS_APPROVAL -> ":warning:";
      default -> ":rotating_light:";
    };
    String text = icon + " " + n.kind() + " of " + n.target() + " " + n.outcome()
        + (n.step() != null ? " at " + n.step() : "") + ": " + n.message() + " (workflow " + n.workflowId() + ")";
    try {
      return JSON.writeValueAsString(Map.of("text", text, "runbook", n));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.pgrunbooks.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pgrunbooks.config.NotifyConfig;
import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookNotice;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook hears of successes only with {@code notify.onSuccess}; of everything else always. */
class NotifyOnSuccessTest {
  private static final List<NoticeOutcome> ALWAYS_POSTED = List.of(NoticeOutcome.FAILED, NoticeOutcome.ABORTED,
      NoticeOutcome.WARNING, NoticeOutcome.NEEDS_APPROVAL, NoticeOutcome.NEEDS_OPERATOR);

  private HttpServer webhook;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startWebhook() throws IOException {
    webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext("/hook", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    webhook.start();
  }

  @AfterEach
  void stopWebhook() {
    webhook.stop(0);
  }

  private OperatorActivitiesImpl operators(Boolean onSuccess) {
    String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
    return new OperatorActivitiesImpl(new NotifyConfig(url, onSuccess), null);
  }

  private static RunbookNotice notice(NoticeOutcome outcome) {
    return notice(RunbookKind.BACKUP, outcome);
  }

  private static RunbookNotice notice(RunbookKind kind, NoticeOutcome outcome) {
    return new RunbookNotice(kind, "orders", kind + "-orders-20261122T020000Z", outcome, null, "one line");
  }

  @Test
  void successesAreNotPostedByDefault() {
    OperatorActivitiesImpl operators = operators(null);
    operators.notifyOperators(notice(NoticeOutcome.SUCCEEDED));
    ALWAYS_POSTED.forEach(outcome -> operators.notifyOperators(notice(outcome)));

    assertThat(received).hasSize(ALWAYS_POSTED.size()).noneMatch(body -> body.contains("\"succeeded\""));
  }

  @Test
  void successesArePostedWithOnSuccess() {
    OperatorActivitiesImpl operators = operators(true);
    operators.notifyOperators(notice(NoticeOutcome.SUCCEEDED));
    ALWAYS_POSTED.forEach(outcome -> operators.notifyOperators(notice(outcome)));

    assertThat(received).hasSize(ALWAYS_POSTED.size() + 1);
    assertThat(received.get(0)).contains(":white_check_mark: backup of orders succeeded: one line");
  }

  @Test
  void aFinishedRestoreIsAlwaysPosted() {
    // Someone is waiting for a disaster recovery to end: its success is news, unlike every night's backup.
    operators(null).notifyOperators(notice(RunbookKind.RESTORE, NoticeOutcome.SUCCEEDED));
    assertThat(received).singleElement().asString().contains("restore of orders succeeded");
  }

  @Test
  void nothingIsPostedWithoutAWebhook() {
    new OperatorActivitiesImpl(new NotifyConfig(null, true), null).notifyOperators(notice(NoticeOutcome.FAILED));
    assertThat(received).isEmpty();
  }
}

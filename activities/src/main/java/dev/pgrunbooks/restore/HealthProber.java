package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.ProgressHeartbeat;
import dev.pgrunbooks.config.UrlForDisplay;
import dev.pgrunbooks.runbook.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs the application's health URL with backoff until it answers 2xx (with the expected text, if any). */
final class HealthProber {
  static final int EXCERPT_CHARS = 300;

  private final HttpClient http;
  private final HealthProbePolicy policy;

  HealthProber(HttpClient http, HealthProbePolicy policy) {
    this.http = http;
    this.policy = policy;
  }

  /**
   * @throws ApplicationFailure retryable "Unhealthy" with the last answer when it never became healthy
   */
  HealthReport probe(String url, String expect) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(policy.requestTimeout()).GET().build();
    } catch (IllegalArgumentException e) {
      // The exception's message repeats the whole URL, query string included: give only the reason.
      String reason = e.getCause() instanceof URISyntaxException u ? u.getReason() + " at index " + u.getIndex()
          : "not an absolute http(s) URL";
      throw FailureType.BAD_HEALTH_URL.failure("healthUrl '" + UrlForDisplay.of(url) + "' is not a usable URL ("
          + reason + "); fix the target's healthUrl");
    }
    long deadline = System.nanoTime() + policy.giveUpAfter().toNanos();
    Duration wait = policy.firstWait();
    int attempts = 0;
    Answer last;
    try (ProgressHeartbeat heartbeat = ProgressHeartbeat.start("health probe attempts")) {
      while (true) {
        attempts++;
        heartbeat.add(1);
        last = get(request);
        if (last.status() / 100 == 2 && (expect == null || expect.isEmpty() || last.body().contains(expect))) {
          return new HealthReport(UrlForDisplay.of(url), true, last.statusLine(), excerpt(last.body()), attempts);
        }
        if (System.nanoTime() + wait.toNanos() > deadline) {
          break;
        }
        sleep(wait);
        heartbeat.throwIfCancelled();
        wait = wait.multipliedBy(2).compareTo(policy.maxWait()) > 0 ? policy.maxWait() : wait.multipliedBy(2);
      }
    }
    String why = last.status() / 100 == 2 ? "answered without '" + expect + "' in its body" : "did not answer OK";
    throw FailureType.UNHEALTHY.failure("health check " + UrlForDisplay.of(url) + " " + why + " after " + attempts
        + " tries in " + policy.giveUpAfter().toSeconds() + " s; last answer: " + last.statusLine()
        + (last.body().isEmpty() ? "" : " " + excerpt(last.body()))
        + "; check the application is up and uses the restored database, then decide retry");
  }

  private Answer get(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String version = response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
      return new Answer(response.statusCode(), version + " " + response.statusCode(), response.body());
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Answer(0, "no answer (" + reason + ")", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while probing " + UrlForDisplay.of(request.uri().toString()));
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while waiting to probe health again");
    }
  }

  static String excerpt(String body) {
    String s = body.strip();
    return s.length() <= EXCERPT_CHARS ? s : s.substring(0, EXCERPT_CHARS) + "…";
  }

  private record Answer(int status, String statusLine, String body) {}
}

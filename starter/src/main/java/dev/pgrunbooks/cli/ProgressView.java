package dev.pgrunbooks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.cli.RunbookState.ActiveStep;
import dev.pgrunbooks.cli.RunbookState.StepView;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How runbooks look at the command line: the started line, live progress while waiting (a progress
 * bar on a terminal, plain lines in logs and pipes), the status page and its JSON form.
 */
final class ProgressView implements AutoCloseable {
  private static final Duration PLAIN_BYTES_EVERY = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintStream terminal;
  private final Clock clock;

  private String liveStep;
  private String liveWaitingFor;
  private int liveAttempt;
  private Long lastBytesShown;
  private Instant lastBytesAt = Instant.EPOCH;
  private ProgressBar bar;

  /** @param terminal where to draw a progress bar, or null for plain lines */
  ProgressView(PrintWriter out, PrintStream terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  /** @param followHint whether to say how to follow it from another terminal */
  void started(StartedRunbook run, boolean followHint) {
    out.println("started " + run.kind() + " of " + run.target() + ": " + run.workflowId());
    out.println("  " + run.summary());
    if (followHint) {
      out.println("  follow it: runbook status " + run.workflowId() + " --follow   (or in the Temporal UI)");
    }
    out.flush();
  }

  /** One refresh while waiting: prints what changed since the last one. */
  void live(RunbookState state) {
    ActiveStep active = state.activeStep();
    String step = active != null ? active.step() : state.currentStep();
    if (step != null && !step.equals(liveStep)) {
      closeBar();
      liveStep = step;
      lastBytesShown = null;
      liveAttempt = 1;
      out.println("  → " + step + summaryOf(state, step));
      out.flush();
    }
    if (state.waitingFor() != null && !state.waitingFor().equals(liveWaitingFor)) {
      out.println("  waiting for " + state.waitingFor());
      out.flush();
    }
    liveWaitingFor = state.waitingFor();
    if (active == null) {
      return;
    }
    if (active.lastFailure() != null && active.attempt() > liveAttempt) {
      out.println("    retrying " + active.step() + " (attempt " + active.attempt() + "), last error: "
          + FailureHandler.oneLine(active.lastFailure()));
      out.flush();
      liveAttempt = active.attempt();
    }
    if (active.bytes() != null) {
      showBytes(active);
    }
  }

  private void showBytes(ActiveStep active) {
    if (terminal != null) {
      if (bar == null) {
        // Only steps that move data heartbeat bytes: the bar appears with the first of them.
        bar = new ProgressBarBuilder().setTaskName(active.step()).setInitialMax(-1).setUnit(" MiB", 1 << 20)
            .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(terminal))
            .setUpdateIntervalMillis(500).showSpeed().hideEta().build();
      }
      bar.stepTo(active.bytes());
      bar.setExtraMessage(" " + active.phase());
      return;
    }
    Instant now = clock.instant();
    if (!active.bytes().equals(lastBytesShown) && !now.isBefore(lastBytesAt.plus(PLAIN_BYTES_EVERY))) {
      out.println("    " + active.step() + ": " + active.phase() + " " + Bytes.human(active.bytes()));
      out.flush();
      lastBytesShown = active.bytes();
      lastBytesAt = now;
    }
  }

  /** The page {@code runbook status} prints. */
  void status(RunbookState s) {
    out.println(s.workflowId() + "  (" + Objects.requireNonNullElse(s.kind(), "runbook")
        + (s.target() == null ? "" : " of " + s.target()) + ")");
    if (s.summary() != null && !s.summary().isBlank()) {
      out.println("  " + s.summary());
    }
    String runbookStatus = s.runbookStatus() == null ? "" : " (" + s.runbookStatus() + ")";
    out.println("  status:      " + s.status() + runbookStatus + started(s));
    if (s.currentStep() != null) {
      out.println("  step:        " + s.currentStep() + activeLine(s.activeStep()));
    }
    if (s.waitingFor() != null) {
      out.println("  waiting for: " + s.waitingFor());
    }
    if (s.outcome() != null) {
      out.println("  outcome:     " + s.outcome());
    }
    if (s.failure() != null) {
      out.println("  failure:     " + FailureHandler.oneLine(s.failure()));
    }
    if (s.steps() != null && !s.steps().isEmpty()) {
      out.println();
      out.println(String.format(Locale.ROOT, "  %-20s %-10s %-20s %-9s %s", "STEP", "STATE", "STARTED", "DURATION", "DETAIL"));
      for (StepView step : s.steps()) {
        out.println(String.format(Locale.ROOT, "  %-20s %-10s %-20s %-9s %s", step.name(), step.state(),
            step.startedAt() == null ? "" : step.startedAt().truncatedTo(ChronoUnit.SECONDS),
            step.durationMillis() == null ? "" : HumanDuration.of(Duration.ofMillis(step.durationMillis())),
            step.detail() == null ? step.summary() : FailureHandler.oneLine(step.detail())));
      }
    }
    if (s.note() != null) {
      out.println();
      out.println("  note: " + s.note());
    }
    out.flush();
  }

  /** One JSON document, for scripts. */
  void json(RunbookState state) {
    json(state, null);
  }

  /** One JSON document, with the run's evidence report under {@code report} when there is one. */
  void json(RunbookState state, EvidenceReports.Report report) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode document = JSON.valueToTree(state);
      if (report != null) {
        document.putObject("report").put("key", report.key()).set("content", report.json());
      }
      out.println(JSON.writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The evidence report as stored for people (Markdown), after the status page. */
  void report(EvidenceReports.Report report) {
    out.println();
    out.println("evidence report " + report.key() + ":");
    out.println();
    out.println(report.markdown() != null ? report.markdown().strip() : report.json().toPrettyString());
    out.flush();
  }

  void outcome(RunbookState state) {
    closeBar();
    out.println(state.outcome() != null ? state.outcome() : state.kind() + " of " + state.target() + " succeeded");
    out.flush();
  }

  @Override
  public void close() {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private String started(RunbookState s) {
    if (s.startedAt() == null) {
      return "";
    }
    Instant end = s.closedAt() != null ? s.closedAt() : clock.instant();
    return ", started " + s.startedAt().truncatedTo(ChronoUnit.SECONDS) + ", "
        + (s.closedAt() != null ? "took " : "running for ") + HumanDuration.of(Duration.between(s.startedAt(), end));
  }

  private static String activeLine(ActiveStep active) {
    if (active == null) {
      return "";
    }
    StringBuilder line = new StringBuilder(" (attempt " + active.attempt() + ")");
    if (active.bytes() != null) {
      line.append(": ").append(active.phase()).append(' ').append(Bytes.human(active.bytes()));
    }
    if (active.lastFailure() != null) {
      line.append("; last error: ").append(FailureHandler.oneLine(active.lastFailure()));
    }
    return line.toString();
  }

  private static String summaryOf(RunbookState state, String step) {
    if (state.steps() == null) {
      return "";
    }
    return state.steps().stream().filter(s -> s.name().equals(step) && s.summary() != null)
        .reduce((a, b) -> b).map(s -> ": " + s.summary()).orElse("");
  }
}

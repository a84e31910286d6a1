package dev.pgrunbooks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.worker.TemporalConnection;
import dev.pgrunbooks.worker.schedules.RunbookSchedule;
import dev.pgrunbooks.worker.schedules.RunbookSchedules;
import dev.pgrunbooks.worker.schedules.ScheduleChange;
import dev.pgrunbooks.worker.schedules.ScheduleReport;
import dev.pgrunbooks.worker.schedules.ScheduleStatus;
import dev.pgrunbooks.worker.schedules.ScheduleTranslator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook schedule apply|list|delete [ID]|trigger ID}: each target's {@code backup.cron} and
 * {@code rehearsal.cron} as Temporal Schedules {@code backup-<target>} / {@code rehearsal-<target>} (or,
 * on the embedded dev server, cron workflows with the same ids). Every subcommand checks the cron
 * expressions before it connects, so a typo is refused naming the target and field.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = "The nightly backups and monthly rehearsals from the configuration, as Temporal Schedules.",
    subcommands = {
        ScheduleCommand.Apply.class,
        ScheduleCommand.ListSchedules.class,
        ScheduleCommand.Delete.class,
        ScheduleCommand.Trigger.class,
    })
final class ScheduleCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: apply, list, delete or trigger");
  }

  /** What the schedule subcommands share: validated configuration first, then the server. */
  abstract static class ScheduleSubcommand extends RunbookCommand {

    @Override
    public final Integer call() {
      RunbookConfig config = loadConfig();
      List<RunbookSchedule> configured = ScheduleTranslator.fromConfig(config);
      try (TemporalConnection temporal = connect()) {
        return run(config, configured, RunbookSchedules.connect(temporal.client()), out());
      }
    }

    abstract int run(RunbookConfig config, List<RunbookSchedule> configured, RunbookSchedules schedules,
        PrintWriter out);
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Create or update the configured schedules; equal ones are left alone.")
  static final class Apply extends ScheduleSubcommand {
    @Override
    int run(RunbookConfig config, List<RunbookSchedule> configured, RunbookSchedules schedules, PrintWriter out) {
      if (configured.isEmpty()) {
        out.println("no schedules in the configuration: set targets.<name>.backup.cron and/or "
            + "targets.<name>.rehearsal.cron");
        return ExitCodes.OK;
      }
      ScheduleReport report = schedules.apply(config);
      if (report.note() != null) {
        out.println(report.note());
      }
      if (report.changedNothing()) {
        out.println("nothing to change: " + ids(report, null) + " as configured");
      } else {
        report.changes().stream().filter(c -> c.action() != ScheduleChange.Action.UNCHANGED)
            .forEach(c -> out.println(c.line()));
        String unchanged = ids(report, ScheduleChange.Action.UNCHANGED);
        if (!unchanged.isEmpty()) {
          out.println("unchanged: " + unchanged);
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static String ids(ScheduleReport report, ScheduleChange.Action action) {
      return String.join(", ", report.changes().stream()
          .filter(c -> action == null || action == c.action()).map(ScheduleChange::id).toList());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The configured schedules: kind, target, cron, state and next run.")
  static final class ListSchedules extends ScheduleSubcommand {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ROW = "%-28s %-10s %-16s %-16s %-21s %s%n";

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    private boolean json;

    @Override
    int run(RunbookConfig config, List<RunbookSchedule> configured, RunbookSchedules schedules, PrintWriter out) {
      List<ScheduleStatus> statuses = schedules.list(config);
      if (json) {
        try {
          out.println(JSON.writeValueAsString(statuses));
        } catch (JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
        out.flush();
        return ExitCodes.OK;
      }
      if (statuses.isEmpty()) {
        out.println("no schedules in the configuration: set targets.<name>.backup.cron and/or "
            + "targets.<name>.rehearsal.cron, then runbook schedule apply");
        out.flush();
        return ExitCodes.OK;
      }
      if (statuses.stream().anyMatch(ScheduleStatus::fallback)) {
        out.println(RunbookSchedules.FALLBACK_NOTE);
      }
      out.printf(Locale.ROOT, ROW, "ID", "KIND", "TARGET", "CRON (UTC)", "STATE", "NEXT RUN");
      for (ScheduleStatus s : statuses) {
        out.printf(Locale.ROOT, ROW, s.id(), dash(s.kind() == null ? null : s.kind().label()), dash(s.target()), dash(s.cron()), s.state().label(),
            s.nextRun() == null ? "-" : s.nextRun().truncatedTo(ChronoUnit.SECONDS).toString());
      }
      if (statuses.stream().anyMatch(s -> s.state() == ScheduleStatus.State.ABSENT)) {
        out.println("absent ones are configured but not on the server: runbook schedule apply");
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static String dash(String value) {
      return Objects.requireNonNullElse(value, "-");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete every configured schedule, or the one named. Runs already started keep running.")
  static final class Delete extends ScheduleSubcommand {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "backup-<target> or rehearsal-<target>")
    private String id;

    @Override
    int run(RunbookConfig config, List<RunbookSchedule> configured, RunbookSchedules schedules, PrintWriter out) {
      schedules.delete(config, id).lines().forEach(out::println);
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true,
      description = "Run a configured schedule's runbook now, and print the run to follow.")
  static final class Trigger extends ScheduleSubcommand {
    @Parameters(paramLabel = "ID", description = "backup-<target> or rehearsal-<target>")
    private String id;

    @Override
    int run(RunbookConfig config, List<RunbookSchedule> configured, RunbookSchedules schedules, PrintWriter out) {
      ScheduleChange triggered = schedules.trigger(config, id);
      out.println(triggered.line());
      String detail = Objects.requireNonNullElse(triggered.detail(), "");
      if (detail.startsWith("started ")) {
        String workflowId = detail.substring("started ".length()).trim();
        out.println("  follow it: runbook status " + workflowId + " --follow   (or in the Temporal UI)");
      } else {
        out.println("  its run is named " + id + "-<time it fired>: see the schedule's recent actions in the"
            + " Temporal UI, or runbook schedule list");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}

package dev.pgrunbooks.cli;

import dev.pgrunbooks.config.ConfigLoader;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.worker.TemporalConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the global options, the configuration, the Temporal connection. The
 * global options live on the root command, however deep the subcommand is ({@code runbook schedule apply}).
 */
abstract class RunbookCommand implements Callable<Integer> {

  @Spec
  protected CommandSpec spec;

  protected RunbookCli cli() {
    return (RunbookCli) spec.root().userObject();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected RunbookConfig loadConfig() {
    return ConfigLoader.load(cli().configPath());
  }

  /** @throws dev.pgrunbooks.worker.TemporalConnection.TemporalUnavailableException naming the address */
  protected TemporalConnection connect() {
    return TemporalConnection.open(cli().address(), cli().namespace());
  }

  protected ProgressView view() {
    return new ProgressView(out(), cli().interactive() ? System.out : null, java.time.Clock.systemUTC());
  }
}

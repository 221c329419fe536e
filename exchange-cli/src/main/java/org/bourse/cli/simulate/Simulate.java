package org.bourse.cli.simulate;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse simulate}: runs a seeded synthetic order flow through an in-process engine on one
 * thread and reports the engine's throughput, accepted and rejected commands, trades and volume per
 * instrument, the final state hash and the result of the invariant check.
 *
 * <p>The same options give the same commands and the same state hash on every run and machine. Exit
 * code 0 when every invariant held; a broken invariant, or an exception from the engine, ends with
 * an {@link ExchangeException} that the top-level command maps to its exit code.
 */
@Command(
    name = "simulate",
    sortOptions = false,
    description = {
      "Runs a seeded synthetic order flow (market makers, noise traders, takers) through an"
          + " in-process engine and reports throughput, outcomes, trades, the state hash and"
          + " the invariant check.",
      "Commands are generated in chunks outside the timed loop, so the rate is the engine's."
    })
public final class Simulate implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "SEED",
      description =
          "Seed of the order flow; a seed always gives the same run (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--commands",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Order-flow commands to apply after the setup (default: 1,000,000).")
  long commands;

  @Option(
      names = "--users",
      defaultValue = "1000",
      paramLabel = "N",
      description =
          "Users: 1 in 50 market makers (at most 8 per instrument), 1 in 5 takers, the rest"
              + " noise traders; at least 3 (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--instruments",
      split = ",",
      defaultValue = "BTCUSDT,ETHUSDT,ETHBTC",
      paramLabel = "SYMBOL",
      description =
          "Instruments to trade, from ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  List<Listing> instruments;

  @Option(
      names = "--verify-every",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Also check the invariants every N commands; 0 checks them only at the end (default: 0).")
  long verifyEvery;

  @Option(
      names = "--events",
      defaultValue = "ORDERS",
      paramLabel = "DETAIL",
      description =
          "Events the engine builds: ${COMPLETION-CANDIDATES}; NONE is fastest but leaves trades"
              + " uncounted (default: ${DEFAULT-VALUE}).")
  EventDetail events;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show progress on stderr (default: when the console is a terminal).")
  Boolean progress;

  @Override
  public Integer call() {
    Settings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean showProgress = progress != null ? progress : ProgressLine.consoleIsTerminal();
    ProgressLine line = showProgress ? new ProgressLine(err) : null;
    Report report;
    try {
      report = Simulator.run(settings, line != null ? line : (applied, total, nanos) -> {});
    } finally {
      if (line != null) {
        line.erase();
      }
    }
    report.print(out);
    if (report.invariantFailure() != null) {
      throw new ExchangeException(
          "invariant broken after flow command #"
              + report.applied()
              + ": "
              + report.invariantFailure()
              + "; reproduce with: "
              + settings.withCommands(report.applied()).commandLine());
    }
    return ExitCode.OK;
  }

  /** Checks what picocli cannot: ranges, and the engine's user bound. */
  private Settings settings() {
    if (commands < 1) {
      throw invalid("--commands must be at least 1, was " + commands);
    }
    int maxUsers = ExchangeConfig.defaults().maxUsers();
    if (users < 3 || users > maxUsers) {
      throw invalid(
          "--users must be 3 (a market maker, a taker and a noise trader) to "
              + maxUsers
              + ", was "
              + users);
    }
    if (verifyEvery < 0) {
      throw invalid("--verify-every must be 0 (only at the end) or positive, was " + verifyEvery);
    }
    return new Settings(seed, commands, users, EnumSet.copyOf(instruments), verifyEvery, events);
  }

  private ParameterException invalid(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

package org.bourse.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bourse.cli.simulate.Listing;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.RuntimeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse bench durable}: the throughput and acknowledgement latency of the durable runtime
 * on this machine, with the file journal forcing every batch to disk. There is deliberately no
 * option to skip the fsync: a number without it would say nothing about durability.
 *
 * <p>The order flow is the one {@code bourse simulate} generates, so the engine does realistic work
 * (matching, stale cancels, rejects) between the forces. See {@link DurableBench} for what is timed
 * and {@link Producer} for how latency is measured.
 */
@Command(
    name = "durable",
    sortOptions = false,
    description = {
      "Benchmarks the durable runtime (ExchangeRuntime with the file journal, real fsync):"
          + " producer threads submit a pre-generated, seeded order flow, each with a bounded"
          + " number of commands in flight, and the tool reports durable commands/s, fsyncs"
          + " (batches) and exact acknowledgement latency percentiles as a markdown table."
    })
final class Durable implements Callable<Integer> {
  /** The instruments of the flow: those {@code bourse simulate} trades by default. */
  static final Set<Listing> LISTINGS = EnumSet.of(Listing.BTCUSDT, Listing.ETHUSDT, Listing.ETHBTC);

  @Spec CommandSpec spec;

  @Option(
      names = "--commands",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Order-flow commands to time, after the setup (default: 1,000,000).")
  int commands;

  @Option(
      names = "--warmup",
      defaultValue = "100000",
      paramLabel = "N",
      description =
          "Order-flow commands submitted the same way before the timed ones, so that the JIT"
              + " compiler has done its work; not timed (default: 100,000).")
  int warmup;

  @Option(
      names = "--producers",
      defaultValue = "2",
      paramLabel = "P",
      description = "Threads submitting commands; each user's commands stay on one (default: 2).")
  int producers;

  @Option(
      names = "--in-flight",
      defaultValue = "1024",
      paramLabel = "W",
      description =
          "Commands each producer may have submitted but not yet acknowledged (default: 1,024).")
  int window;

  @Option(
      names = "--batch",
      paramLabel = "B",
      description =
          "Most commands the runtime journals with one fsync (default: the runtime's, 4,096).")
  Integer batch;

  @Option(
      names = "--snapshot-every",
      paramLabel = "N",
      description =
          "Write a snapshot every N commands, on the engine thread; 0 for only at close (default:"
              + " the runtime's, 1,000,000).")
  Long snapshotEvery;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Where the journal and snapshots go: a new or empty directory, kept after the run"
              + " (default: a temporary directory, deleted after the run). The disk it is on is"
              + " what is measured.")
  Path data;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "SEED",
      description = "Seed of the order flow (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--users",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Users of the order flow, as for simulate (default: ${DEFAULT-VALUE}).")
  int users;

  @Override
  public Integer call() throws IOException {
    DurableBench.Settings settings = settings();
    boolean temporary = data == null;
    Path directory = temporary ? Files.createTempDirectory("bourse-bench-") : prepared(data);
    String where =
        directory
            + " ("
            + Files.getFileStore(directory).type()
            + "), "
            + (temporary
                ? "deleted after the run"
                : "kept: check it with bourse journal verify --data " + directory);
    try {
      DurableReport report = DurableBench.run(settings, directory);
      PrintWriter out = spec.commandLine().getOut();
      report.print(out, where);
    } finally {
      if (temporary) {
        deleteTree(directory);
      }
    }
    return ExitCode.OK;
  }

  /** Checks what picocli cannot: ranges, and the engine's user bound. */
  private DurableBench.Settings settings() {
    RuntimeConfig defaults = RuntimeConfig.defaults();
    int batchSize = batch != null ? batch : defaults.maxBatch();
    long snapshots = snapshotEvery != null ? snapshotEvery : defaults.snapshotEveryCommands();
    if (commands < 1) {
      throw invalid("--commands must be at least 1, was " + commands);
    }
    if (warmup < 0) {
      throw invalid("--warmup must not be negative, was " + warmup);
    }
    if (producers < 1 || producers > 256) {
      throw invalid("--producers must be 1 to 256, was " + producers);
    }
    if (window < 1) {
      throw invalid("--in-flight must be at least 1, was " + window);
    }
    if (batchSize < 1) {
      throw invalid("--batch must be at least 1, was " + batchSize);
    }
    if (snapshots < 0) {
      throw invalid("--snapshot-every must be 0 (only at close) or positive, was " + snapshots);
    }
    int maxUsers = ExchangeConfig.defaults().maxUsers();
    if (users < 3 || users > maxUsers) {
      throw invalid("--users must be 3 to " + maxUsers + ", was " + users);
    }
    return new DurableBench.Settings(
        seed, warmup, commands, users, producers, window, batchSize, snapshots);
  }

  /**
   * The directory given with --data, created if needed. It must hold no journal or snapshots: the
   * runtime would recover them and the flow's setup would clash with what they hold.
   */
  private Path prepared(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      try (Stream<Path> entries = Files.list(directory)) {
        if (entries.findAny().isPresent()) {
          throw invalid("--data " + directory + " must be a new or empty directory");
        }
      }
    }
    return Files.createDirectories(directory);
  }

  private ParameterException invalid(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

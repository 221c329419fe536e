package org.bourse.bench;

import exchange.core2.core.common.CoreWaitStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bourse.core.EventDetail;

/**
 * The options of {@code compare} and {@code diff}, parsed from plain arguments. Every value has a
 * default for a full run; {@code --quick} switches the defaults to a smoke-test size, and explicit
 * options given with it still win.
 */
final class CompareOptions {
  static final String USAGE =
      String.join(
          "\n",
          "usage: exchange-bench compare [options]",
          "  --quick                  small sizes for a smoke run (explicit options still win)",
          "  --out FILE               also write the markdown report to FILE",
          "  --sections LIST          jitter,diff,throughput,latency,memory,alloc,jmh"
              + " (default: all)",
          "  --mixes LIST             exchange-core,crypto (default: both)",
          "  --engines LIST           sync,runtime,journal,exchange-core (default: all)",
          "  --commands N             measured commands per throughput run (3000000; quick 200000)",
          "  --warmup N               warm-up iterations per engine and flow (2; quick 1)",
          "  --iterations N           measured iterations per engine and flow (5; quick 2)",
          "  --seed N                 flow seed (42)",
          "  --users N                users of the single-symbol flows (2000)",
          "  --multi-symbols N        symbols of the multi-symbol flows (32; 0 skips them)",
          "  --multi-users N          users of the multi-symbol flows (10000)",
          "  --resting N              resting orders per book (1000)",
          "  --detail D               Bourse event detail NONE, TRADES, ORDERS or FULL (TRADES)",
          "  --rates LIST             offered rates for latency, commands/s (100000,1000000;"
              + " quick 20000,100000)",
          "  --latency-seconds S      measured seconds per latency run (3; quick 0.5)",
          "  --jitter-seconds S       seconds per machine stall probe (5; quick 0.5)",
          "  --diff-commands N        commands of the differential check (1000000; quick 100000)",
          "  --memory-orders N        resting orders of the memory probe (1000000; quick 100000)",
          "  --journal-dir DIR        where the durable runtime writes its journal (java.io.tmpdir)",
          "  --ec-matching N          exchange-core matching engines (default: see report)",
          "  --ec-risk N              exchange-core risk engines",
          "  --ec-wait S              exchange-core wait strategy (BUSY_SPIN, YIELDING, BLOCKING)",
          "  --ec-pin true|false      pin exchange-core's threads to cores",
          "  --help                   this text");

  boolean help;
  boolean quick;
  Path out;
  Set<String> sections =
      new LinkedHashSet<>(
          List.of("jitter", "diff", "throughput", "latency", "memory", "alloc", "jmh"));
  List<Mix> mixes = new ArrayList<>(List.of(Mix.EXCHANGE_CORE, Mix.CRYPTO));
  Set<String> engines = new LinkedHashSet<>(List.of("sync", "runtime", "journal", "exchange-core"));
  Integer commands;
  Integer warmup;
  Integer iterations;
  long seed = 42;
  int users = 2_000;
  int multiSymbols = 32;
  int multiUsers = 10_000;
  int resting = 1_000;
  EventDetail detail = EventDetail.TRADES;
  long[] rates;
  Double latencySeconds;
  Double jitterSeconds;
  Integer diffCommands;
  Integer memoryOrders;
  Path journalDirectory = Path.of(System.getProperty("java.io.tmpdir"));
  int ecMatching;
  int ecRisk;
  CoreWaitStrategy ecWait;
  Boolean ecPin;

  /** The arguments as given, for the report. */
  final List<String> arguments = new ArrayList<>();

  static CompareOptions parse(String[] args) {
    CompareOptions o = new CompareOptions();
    o.arguments.addAll(Arrays.asList(args));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help":
        case "-h":
          o.help = true;
          break;
        case "--quick":
          o.quick = true;
          break;
        case "--out":
          o.out = Path.of(value(args, ++i, arg));
          break;
        case "--sections":
          o.sections = new LinkedHashSet<>(list(value(args, ++i, arg)));
          break;
        case "--mixes":
          o.mixes = new ArrayList<>();
          for (String m : list(value(args, ++i, arg))) {
            o.mixes.add(mix(m));
          }
          break;
        case "--engines":
          o.engines = new LinkedHashSet<>(list(value(args, ++i, arg)));
          break;
        case "--commands":
          o.commands = positive(args, ++i, arg);
          break;
        case "--warmup":
          o.warmup = Integer.parseInt(value(args, ++i, arg));
          break;
        case "--iterations":
          o.iterations = positive(args, ++i, arg);
          break;
        case "--seed":
          o.seed = Long.parseLong(value(args, ++i, arg));
          break;
        case "--users":
          o.users = positive(args, ++i, arg);
          break;
        case "--multi-symbols":
          o.multiSymbols = Integer.parseInt(value(args, ++i, arg));
          break;
        case "--multi-users":
          o.multiUsers = positive(args, ++i, arg);
          break;
        case "--resting":
          o.resting = positive(args, ++i, arg);
          break;
        case "--detail":
          o.detail = EventDetail.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
          break;
        case "--rates":
          o.rates = list(value(args, ++i, arg)).stream().mapToLong(Long::parseLong).toArray();
          break;
        case "--latency-seconds":
          o.latencySeconds = Double.parseDouble(value(args, ++i, arg));
          break;
        case "--jitter-seconds":
          o.jitterSeconds = Double.parseDouble(value(args, ++i, arg));
          if (!(o.jitterSeconds > 0)) {
            throw new IllegalArgumentException("--jitter-seconds must be positive");
          }
          break;
        case "--diff-commands":
          o.diffCommands = positive(args, ++i, arg);
          break;
        case "--memory-orders":
          o.memoryOrders = positive(args, ++i, arg);
          break;
        case "--journal-dir":
          o.journalDirectory = Path.of(value(args, ++i, arg));
          break;
        case "--ec-matching":
          o.ecMatching = positive(args, ++i, arg);
          break;
        case "--ec-risk":
          o.ecRisk = positive(args, ++i, arg);
          break;
        case "--ec-wait":
          o.ecWait = CoreWaitStrategy.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
          break;
        case "--ec-pin":
          o.ecPin = Boolean.parseBoolean(value(args, ++i, arg));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    return o;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String option) {
    int n = Integer.parseInt(value(args, i, option));
    if (n <= 0) {
      throw new IllegalArgumentException(option + " must be positive, was " + n);
    }
    return n;
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  static Mix mix(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "exchange-core":
      case "exchange_core":
        return Mix.EXCHANGE_CORE;
      case "crypto":
        return Mix.CRYPTO;
      case "limit-cancel":
      case "limit_cancel":
        return Mix.LIMIT_CANCEL;
      default:
        throw new IllegalArgumentException(
            "unknown mix " + name + "; expected exchange-core, crypto or limit-cancel");
    }
  }

  int commands() {
    return commands != null ? commands : quick ? 200_000 : 3_000_000;
  }

  int warmup() {
    return warmup != null ? warmup : quick ? 1 : 2;
  }

  int iterations() {
    return iterations != null ? iterations : quick ? 2 : 5;
  }

  long[] rates() {
    return rates != null
        ? rates
        : quick ? new long[] {20_000, 100_000} : new long[] {100_000, 1_000_000};
  }

  double latencySeconds() {
    return latencySeconds != null ? latencySeconds : quick ? 0.5 : 3;
  }

  double jitterSeconds() {
    return jitterSeconds != null ? jitterSeconds : quick ? 0.5 : 5;
  }

  int diffCommands() {
    return diffCommands != null ? diffCommands : quick ? 100_000 : 1_000_000;
  }

  int memoryOrders() {
    return memoryOrders != null ? memoryOrders : quick ? 100_000 : 1_000_000;
  }

  boolean section(String name) {
    return sections.contains(name);
  }

  boolean engine(String name) {
    return engines.contains(name);
  }

  /** exchange-core's settings for throughput and memory runs on this machine. */
  CoreSettings coreThroughput() {
    int cores = Runtime.getRuntime().availableProcessors();
    return CoreSettings.forMachine(false, cores).override(ecMatching, ecRisk, ecWait, ecPin);
  }

  /** exchange-core's settings for latency runs on this machine. */
  CoreSettings coreLatency() {
    int cores = Runtime.getRuntime().availableProcessors();
    return CoreSettings.forMachine(true, cores).override(ecMatching, ecRisk, ecWait, ecPin);
  }
}

package org.bourse.bench;

import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of {@code exchange-bench.jar}.
 *
 * <pre>
 * java -jar exchange-bench.jar compare [options]   side-by-side run, writes a markdown report
 * java -jar exchange-bench.jar diff [options]      the differential check alone
 * java -jar exchange-bench.jar jmh [JMH options]   the JMH micro-benchmarks (e.g. -prof gc)
 * java -jar exchange-bench.jar projection [options] history projection ingest into PostgreSQL
 * </pre>
 *
 * Run {@code compare --help} for the options.
 */
public final class BenchMain {
  private BenchMain() {}

  /**
   * Flyway reports each migration through java.util.logging; kept here (a logger level lasts only
   * as long as someone holds the logger) so that its lines stay out of the reports.
   */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  /**
   * Runs a subcommand and exits with its status (0 on success, 1 when a check failed, 2 on a usage
   * error).
   */
  public static void main(String[] args) throws Exception {
    FLYWAY_LOG.setLevel(Level.WARNING);
    if (args.length == 0) {
      System.err.println(
          "usage: exchange-bench (compare | diff | jmh | projection | jdbc-journal) [options]; compare --help");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int status;
    switch (args[0]) {
      case "compare":
        status = Compare.main(rest, System.out);
        break;
      case "diff":
        status = Compare.diff(rest, System.out);
        break;
      case "projection":
        status = ProjectionIngest.main(rest, System.out);
        break;
      case "jdbc-journal":
        status = JdbcJournalBench.main(rest, System.out);
        break;
      case "jmh":
        org.openjdk.jmh.Main.main(rest);
        status = 0;
        break;
      default:
        System.err.println(
            "unknown command "
                + args[0]
                + "; expected compare, diff, jmh, projection or jdbc-journal");
        status = 2;
    }
    System.exit(status);
  }
}

package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bourse.cli.ExitCodes;
import org.bourse.core.ExchangeConfig;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.projection.JournalSource;
import org.bourse.jdbc.projection.Projection;
import org.bourse.jdbc.projection.Reconciliation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse journal reconcile}: compares a database's history projection with the journal (see
 * {@link Reconciliation}, which does the work) and prints each difference. Exit codes: 0 when they
 * match, {@link ExitCodes#CORRUPT} when any differ.
 */
@Command(
    name = "reconcile",
    sortOptions = false,
    description = {
      "Replays the journal in a fresh engine up to the projection's checkpoint and compares it"
          + " with the projection tables (balances per user and asset, order states, trades,"
          + " ledger entries and their sums); prints each difference.",
      "Read-only on both sides. The engine is rebuilt with the default bounds"
          + " (ExchangeConfig.defaults()), which the runtime must have used too."
    })
final class Reconcile implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--db-url",
      required = true,
      paramLabel = "URL",
      description = "JDBC URL of the projection's database (jdbc:postgresql:… or jdbc:h2:…).")
  String url;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
  String user = "";

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "Database password.",
      interactive = true,
      arity = "0..1")
  String password = "";

  @Option(
      names = "--journal",
      paramLabel = "DIR",
      description =
          "The runtime's journal directory (DATA/journal), opened read-only. Without it, the"
              + " journal table of the same database.")
  Path journal;

  @Option(
      names = "--snapshots",
      paramLabel = "DIR",
      description =
          "The runtime's snapshot directory (DATA/snapshots); needed only if the journal was"
              + " pruned.")
  Path snapshots;

  @Override
  public Integer call() throws IOException {
    if (journal != null && !Files.isDirectory(journal)) {
      throw new ParameterException(
          spec.commandLine(), "--journal " + journal + " is not a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    ExchangeConfig config = ExchangeConfig.defaults();
    Reconciliation reconciliation;
    try (Database database = Database.open(DatabaseConfig.of(url, user, password))) {
      JournalSource source =
          journal != null
              ? JournalSource.files(config, journal, snapshots)
              : JournalSource.database(config, database, snapshots);
      reconciliation = Reconciliation.run(Projection.open(database), source);
    }
    out.println(reconciliation.summary());
    for (String difference : reconciliation.differences()) {
      out.println("  " + difference);
    }
    long unlisted = reconciliation.differenceCount() - reconciliation.differences().size();
    if (unlisted > 0) {
      out.println("  … and " + unlisted + " more");
    }
    out.println(
        reconciliation.matches()
            ? "the projection matches the journal"
            : reconciliation.differenceCount() + " differences");
    out.flush();
    return reconciliation.matches() ? 0 : ExitCodes.CORRUPT;
  }
}

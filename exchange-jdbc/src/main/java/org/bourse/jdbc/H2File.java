package org.bourse.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.bourse.core.ExchangeException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The file behind an H2 URL, and its recovery after a crash.
 *
 * <p><b>Why H2 needs help to recover.</b> H2 (2.3 and 2.5 alike) writes every commit as a new
 * chunk, reusing free space inside the file, and records the newest chunk in the file's store
 * header only now and then. Opening a file that was not closed cleanly, it looks for the newest
 * chunk only through that header, the chunk at the end of the file and the {@code next} positions
 * chunks predict for their successors. When H2 rewrites the header for a chunk it has just placed
 * somewhere other than predicted, the header names the chunk before it (its last chunk is updated
 * only after the header is written), so that chunk and the ones after it are reachable by none of
 * the three ways until a later header write: after SIGKILL, H2 opens the database at an older
 * version and drops commits that were written and forced to disk. The crash test saw this right
 * after a restart (the first chunks go into space the clean close freed at the start of the file):
 * {@code MVStoreTool -dump} of such a file shows the lost chunks intact.
 *
 * <p>H2's recovery mode finds them: it scans the whole file and takes the newest chunk whose
 * referenced chunks are all present. H2 offers it only through the MVStore API, not through a URL
 * setting, so {@link #recover} runs it on the file before H2 opens the database, and only when a
 * normal open would lose versions; its clean close leaves a header naming the newest chunk.
 *
 * <p><b>Why H2 is migrated on a copy.</b> H2 commits every DDL statement on its own, so a process
 * killed in the middle of a migration leaves some of its tables created and the migration not
 * recorded: the next open fails on the first table that already exists, and the database cannot be
 * migrated again without hand repair. {@link #migrateOnCopy} therefore runs pending migrations on a
 * copy of the file and moves the copy into place only when all of them succeeded.
 *
 * <p><b>Thread-safety:</b> stateless; {@link #recover} and {@link #migrateOnCopy} are serialized
 * within the process.
 */
final class H2File {
  private static final Object FILE_OPERATIONS = new Object();
  private static final String MIGRATING_SUFFIX = ".migrating";

  private H2File() {}

  /**
   * The database file an H2 URL names, whatever form the URL takes (without H2's {@code .mv.db}
   * suffix), as an absolute path; {@code mem:}, {@code tcp:} and {@code ssl:} locations as they
   * are.
   */
  static String location(String url) {
    String location = url.substring("jdbc:h2:".length()).split(";", 2)[0];
    if (isRemoteOrInMemory(location)) {
      return location;
    }
    if (location.startsWith("file:")) {
      location = location.substring("file:".length());
    }
    if (location.equals("~") || location.startsWith("~/")) {
      // H2 reads a leading ~ as the user's home directory.
      location = System.getProperty("user.home") + location.substring(1);
    }
    return Path.of(location).toAbsolutePath().normalize().toString();
  }

  private static boolean isRemoteOrInMemory(String location) {
    return location.startsWith("mem:")
        || location.startsWith("tcp:")
        || location.startsWith("ssl:");
  }

  /**
   * Before H2 opens the file database at {@code url}: if the file was not closed cleanly and H2's
   * own recovery would open it at an older version than the newest complete one on disk, opens it
   * in recovery mode and closes it cleanly, so that H2 then opens that newest version. Does nothing
   * for in-memory and remote databases, a missing file, a cleanly closed one, or one open in this
   * or another process (whoever opened it has recovered it already).
   *
   * @return what was recovered, for the log; empty if nothing was done
   * @throws ExchangeException if the recovery failed or did not reach the newest version
   */
  static Optional<String> recover(String url) {
    String location = location(url);
    if (isRemoteOrInMemory(location)) {
      return Optional.empty();
    }
    String file = location + ".mv.db";
    if (!Files.isRegularFile(Path.of(file))) {
      return Optional.empty();
    }
    synchronized (FILE_OPERATIONS) {
      long opened;
      long newest;
      try {
        try (MVStore store = new MVStore.Builder().fileName(file).readOnly().open()) {
          if (store.getStoreHeader().containsKey("clean")) {
            return Optional.empty();
          }
          opened = store.getCurrentVersion();
        }
        try (MVStore store =
            new MVStore.Builder().fileName(file).readOnly().recoveryMode().open()) {
          newest = store.getCurrentVersion();
        }
      } catch (MVStoreException cannotProbe) {
        // Open elsewhere (locked), encrypted, or damaged beyond what H2 reads: H2's own open
        // says what is wrong, or has recovered the file already.
        return Optional.empty();
      }
      if (newest <= opened) {
        return Optional.empty();
      }
      try {
        // The clean close writes a store header naming the chunk recovery mode opened at.
        new MVStore.Builder().fileName(file).recoveryMode().open().close();
        try (MVStore store = new MVStore.Builder().fileName(file).readOnly().open()) {
          if (store.getCurrentVersion() < newest) {
            throw new ExchangeException(
                "H2 database "
                    + file
                    + ": recovery reached version "
                    + store.getCurrentVersion()
                    + ", not the newest complete version "
                    + newest
                    + " on disk");
          }
        }
      } catch (MVStoreException failed) {
        throw new ExchangeException(
            "H2 database " + file + " was not closed cleanly and cannot be recovered: " + failed,
            failed);
      }
      return Optional.of(
          "H2 database "
              + file
              + " was not closed cleanly; recovered to version "
              + newest
              + " (H2 alone would have opened version "
              + opened
              + ")");
    }
  }

  /** Whether an H2 URL names a file database, not an in-memory or remote one. */
  static boolean isFile(String url) {
    return !isRemoteOrInMemory(location(url));
  }

  /**
   * Migrates the file database at {@code config}'s URL with the Flyway {@code flyway} makes, all
   * pending migrations or none: they run on a copy of the file ({@code <name>.migrating.mv.db}),
   * which replaces the file by an atomic rename only after the last one succeeded and the copy was
   * closed and forced to disk. A crash or a failed migration leaves the file as it was; a copy left
   * by a crash is discarded by the next call. The caller holds no connection to the database.
   *
   * @return what was migrated, for the log
   * @throws ExchangeException if the file cannot be copied, forced or renamed
   * @throws org.flywaydb.core.api.FlywayException if a migration fails (the file is unchanged)
   */
  static String migrateOnCopy(DatabaseConfig config, Function<DataSource, Flyway> flyway) {
    String location = location(config.url());
    Path file = Path.of(location + ".mv.db");
    Path copy = Path.of(location + MIGRATING_SUFFIX + ".mv.db");
    JdbcDataSource copied =
        dataSource(withLocation(config.url(), location + MIGRATING_SUFFIX), config);
    synchronized (FILE_OPERATIONS) {
      // Closed with its last connection unless the URL keeps it open (DB_CLOSE_DELAY): shut it
      // down so that the copy is of a closed file.
      shutdown(dataSource(config.url(), config), file);
      try {
        Files.deleteIfExists(copy);
        Files.copy(file, copy);
        MigrateResult migrated = flyway.apply(copied).migrate();
        shutdown(copied, copy);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
          directory.force(true);
        }
        return "H2 database "
            + file
            + " migrated on a copy from schema version "
            + (migrated.initialSchemaVersion == null ? "none" : migrated.initialSchemaVersion)
            + " to "
            + migrated.targetSchemaVersion;
      } catch (IOException failed) {
        throw new ExchangeException(
            "H2 database " + file + ": cannot migrate on the copy " + copy + ": " + failed, failed);
      } catch (RuntimeException failed) {
        // The file is as it was; the half-migrated copy is of no use.
        try {
          shutdown(copied, copy);
          Files.deleteIfExists(copy);
        } catch (IOException | RuntimeException notDiscarded) {
          failed.addSuppressed(notDiscarded);
        }
        throw failed;
      }
    }
  }

  private static JdbcDataSource dataSource(String url, DatabaseConfig config) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(url);
    dataSource.setUser(config.user());
    dataSource.setPassword(config.password());
    return dataSource;
  }

  /** {@code url} with its database location replaced, its settings kept. */
  private static String withLocation(String url, String location) {
    int settings = url.indexOf(';');
    return "jdbc:h2:file:" + location + (settings < 0 ? "" : url.substring(settings));
  }

  private static void shutdown(JdbcDataSource database, Path file) {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException failed) {
      throw new ExchangeException(
          "cannot shut down H2 database " + file + ": " + failed.getMessage(), failed);
    }
  }
}

package org.bourse.jdbc;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.bourse.core.Command;
import org.bourse.core.ExchangeException;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The command log in a database table ({@code journal}: sequence, timestamp in epoch milliseconds,
 * {@link Command#encode command bytes}), for PostgreSQL in production and H2 embedded. A drop-in
 * for the file journal: {@code ExchangeRuntime.start(config, JdbcJournal.open(database),
 * SnapshotStore.inDirectory(dir))}.
 *
 * <p><b>Appending.</b> Each {@link #append} is one transaction on a connection of its own, opened
 * for the journal's lifetime: the batch is written in bulk ({@code COPY … FROM STDIN} in binary
 * form on PostgreSQL, a JDBC batch insert on H2) and committed. PostgreSQL's commit waits for the
 * write-ahead log to be flushed; the journal insists on {@code synchronous_commit} being on for its
 * connection, so a batch is durable when {@code append} returns. A failed append (the database
 * refused or the connection broke) is rolled back as far as the database still answers and poisons
 * the journal: no later append is accepted. If a commit fails in flight its outcome is unknown; a
 * restart may then find the batch, whose commands were never acknowledged (resubmitting them under
 * the same command ids is safe).
 *
 * <p><b>One writer.</b> On PostgreSQL a writer holds a session-level advisory lock ({@code
 * pg_try_advisory_lock}, keyed by the journal table's oid, so journals in different schemas do not
 * collide) on its connection; a second writer, in this process or another, fails to open with an
 * {@link ExchangeException} naming the backend that holds the lock. The lock goes when the writer
 * closes or its process dies (the server ends the session). H2 file databases belong to one process
 * anyway; within it a second writer on the same database is refused too.
 *
 * <p><b>Reading while another process writes.</b> {@link #openReadOnly} takes no lock and refuses
 * {@link #append} and {@link #pruneThrough}, for tools that inspect a live journal. It sees the
 * records that were committed when it was opened: committed batches always form a gap-free run of
 * sequences, so {@link #replay} gives a consistent prefix of the log and stops at {@link
 * #lastSequence()} as read at open; open again to see later records. If the writer prunes rows the
 * replay still needs, the replay fails with the missing sequence rather than skip them.
 *
 * <p><b>Replay</b> reads in pages of {@value #REPLAY_PAGE_ROWS} rows by sequence (keyset
 * pagination), so replaying millions of rows never holds more than one page in memory, and checks
 * that sequences follow each other without gaps.
 *
 * <p>The journal does not own the {@link Database}: close the journal (the runtime does), then the
 * database.
 *
 * <p><b>Thread-safety:</b> as {@link Journal}: calls are never concurrent; not safe for concurrent
 * use.
 */
public final class JdbcJournal implements Journal {
  /** Rows read per query during replay. */
  static final int REPLAY_PAGE_ROWS = 8_192;

  /** Upper half of the advisory lock key: "Bour"; the lower half is the journal table's oid. */
  private static final long LOCK_NAMESPACE = 0x426F7572L;

  /** The single-writer lock's key: {@link #LOCK_NAMESPACE} and the journal table's oid. */
  private static final String LOCK_KEY = "(? << 32) | 'journal'::regclass::oid::bigint";

  /** H2 databases (URL without settings) with an open writer in this process. */
  private static final Set<String> H2_WRITERS = ConcurrentHashMap.newKeySet();

  private static final String INSERT =
      "INSERT INTO journal (sequence, timestamp_ms, command) VALUES (?, ?, ?)";
  private static final String COPY =
      "COPY journal (sequence, timestamp_ms, command) FROM STDIN (FORMAT BINARY)";

  private final Database database;
  private final String name;
  private final Connection writer;
  private final String h2Writer;
  private final List<String> report = new ArrayList<>();
  private BulkWriter bulk;
  private long firstSequence;
  private long lastSequence;
  private boolean failed;
  private boolean closed;

  private JdbcJournal(Database database, Connection writer, String h2Writer) {
    this.database = database;
    this.name = "journal in " + database.config().redactedUrl();
    this.writer = writer;
    this.h2Writer = h2Writer;
  }

  /**
   * Opens the journal of a migrated database for appending, taking the single-writer lock, and
   * reads where it starts and ends.
   *
   * @throws ExchangeException if another writer holds the journal (the message says which), or the
   *     database cannot be reached
   */
  public static JdbcJournal open(Database database) {
    String h2Writer = null;
    if (database.dialect() == Dialect.H2) {
      h2Writer = H2File.location(database.config().url());
      if (!H2_WRITERS.add(h2Writer)) {
        throw new ExchangeException(
            "journal in "
                + h2Writer
                + " is already open for writing in this process; only one writer may append");
      }
    }
    Connection connection = null;
    JdbcJournal journal = null;
    try {
      connection = connect(database.config());
      journal = new JdbcJournal(database, connection, h2Writer);
      if (database.dialect() == Dialect.POSTGRESQL) {
        journal.lockAndSecure();
      }
      connection.setAutoCommit(false);
      journal.bulk =
          database.dialect() == Dialect.POSTGRESQL
              ? new CopyWriter(connection)
              : new BatchWriter(connection);
      journal.readBounds();
      return journal;
    } catch (SQLException | RuntimeException failure) {
      if (journal != null) {
        journal.close();
      } else {
        closeQuietly(connection, failure);
        if (h2Writer != null) {
          H2_WRITERS.remove(h2Writer);
        }
      }
      if (failure instanceof ExchangeException) {
        throw (ExchangeException) failure;
      }
      throw new ExchangeException(
          "cannot open the journal in "
              + database.config().redactedUrl()
              + ": "
              + failure.getMessage(),
          failure);
    }
  }

  /**
   * Opens the journal for reading only: no lock, so it works beside a running writer; {@link
   * #append} and {@link #pruneThrough} throw. Sees the records committed when it was opened (see
   * the class comment).
   *
   * @throws ExchangeException if the database cannot be read
   */
  public static JdbcJournal openReadOnly(Database database) {
    JdbcJournal journal = new JdbcJournal(database, null, null);
    try {
      journal.readBounds();
    } catch (SQLException failure) {
      throw new ExchangeException(
          "cannot read the journal in "
              + database.config().redactedUrl()
              + ": "
              + failure.getMessage(),
          failure);
    }
    return journal;
  }

  /**
   * The writer's own connection, outside the pool: the advisory lock lives exactly as long as this
   * session, and closing it always releases the lock (a pooled connection would keep it).
   */
  private static Connection connect(DatabaseConfig config) throws SQLException {
    Properties properties = new Properties();
    if (!config.user().isEmpty()) {
      properties.setProperty("user", config.user());
    }
    if (!config.password().isEmpty()) {
      properties.setProperty("password", config.password());
    }
    if (config.dialect() == Dialect.POSTGRESQL) {
      properties.setProperty("ApplicationName", "bourse-journal");
      // The writer's session idles between appends; keep-alives stop a middlebox from silently
      // dropping it (the next append would fail and stop the exchange).
      properties.setProperty("tcpKeepAlive", "true");
    }
    return DriverManager.getConnection(config.url(), properties);
  }

  /**
   * Takes the single-writer advisory lock, and makes sure a commit on this session waits for the
   * WAL flush: a server or role configured with {@code synchronous_commit = off} would otherwise
   * acknowledge batches a crash can still lose. Stronger settings (remote_apply and the like) are
   * kept as they are.
   */
  private void lockAndSecure() throws SQLException {
    try (PreparedStatement lock =
        writer.prepareStatement("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
      lock.setLong(1, LOCK_NAMESPACE);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        if (!row.getBoolean(1)) {
          throw new ExchangeException(
              "journal in "
                  + database.config().redactedUrl()
                  + " is already open for writing by "
                  + holder()
                  + "; only one writer may append");
        }
      }
    }
    try (Statement statement = writer.createStatement()) {
      try (ResultSet row = statement.executeQuery("SHOW synchronous_commit")) {
        row.next();
        if ("off".equals(row.getString(1))) {
          statement.execute("SET synchronous_commit TO on");
          report.add("synchronous_commit was off for this session; set to on for the journal");
        }
      }
      // PostgreSQL 14+ may end idle sessions; the writer idles between appends by design.
      try (ResultSet row =
          statement.executeQuery("SELECT 1 FROM pg_settings WHERE name = 'idle_session_timeout'")) {
        if (row.next()) {
          statement.execute("SET idle_session_timeout = 0");
        }
      }
      try (ResultSet row = statement.executeQuery("SHOW fsync")) {
        row.next();
        if ("off".equals(row.getString(1))) {
          report.add("PostgreSQL runs with fsync = off: a server crash can lose committed batches");
        }
      }
    }
  }

  /** Who holds the writer lock, as far as PostgreSQL tells this role. */
  private String holder() throws SQLException {
    try (PreparedStatement query =
        writer.prepareStatement(
            "SELECT a.pid, a.application_name, a.client_addr, a.backend_start"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname ="
                + " current_database())"
                + " AND l.classid::bigint = ? AND l.objid = 'journal'::regclass::oid")) {
      query.setLong(1, LOCK_NAMESPACE);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return "another session (it has just released the lock, or is not visible to this role)";
        }
        return "PostgreSQL backend pid "
            + row.getInt(1)
            + " (application '"
            + row.getString(2)
            + "', client "
            + row.getString(3)
            + ", connected at "
            + row.getTimestamp(4)
            + ")";
      }
    }
  }

  private void readBounds() throws SQLException {
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT MIN(sequence), MAX(sequence) FROM journal")) {
      row.next();
      long first = row.getLong(1);
      if (row.wasNull()) {
        firstSequence = 1;
        lastSequence = 0;
      } else {
        firstSequence = first;
        lastSequence = row.getLong(2);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Appending

  @Override
  public void append(List<JournalRecord> batch) {
    requireWriter("append to");
    if (failed) {
      throw new ExchangeException(name + " failed earlier; no appends accepted");
    }
    if (batch.isEmpty()) {
      return;
    }
    long expected = lastSequence;
    for (JournalRecord record : batch) {
      if (record.sequence() != ++expected) {
        throw new ExchangeException(
            "journal append out of order: expected " + expected + ", got " + record.sequence());
      }
    }
    try {
      bulk.write(batch);
      writer.commit();
      bulk.afterCommit();
    } catch (SQLException | RuntimeException failure) {
      failed = true;
      try {
        writer.rollback();
      } catch (SQLException rollbackFailed) {
        failure.addSuppressed(rollbackFailed);
      }
      throw new ExchangeException(
          name
              + ": append of sequences "
              + batch.get(0).sequence()
              + " to "
              + expected
              + " failed; stopping",
          failure);
    }
    lastSequence = expected;
  }

  private void requireWriter(String what) {
    if (writer == null) {
      throw new ExchangeException("cannot " + what + " the " + name + ": it is open read-only");
    }
  }

  /** Writes a batch inside the writer's open transaction. */
  private interface BulkWriter {
    void write(List<JournalRecord> batch) throws SQLException;

    /** Whatever the database needs beyond its commit before the batch is durable. */
    default void afterCommit() throws SQLException {}
  }

  /**
   * PostgreSQL: the batch as one binary {@code COPY} stream (signature, header, one tuple of three
   * fields per record, trailer), sent in a single round trip; commands are encoded straight into
   * the stream, without an array per command. Measured faster than a JDBC batch insert, even with
   * the driver rewriting it into multi-row inserts (see the README).
   */
  private static final class CopyWriter implements BulkWriter {
    /** The most bytes {@link Command#encode(Command, ByteBuffer)} writes for one command. */
    private static final int MAX_COMMAND_BYTES = 4_096;

    private static final byte[] SIGNATURE = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
    };

    private final PGConnection connection;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);

    CopyWriter(Connection connection) throws SQLException {
      this.connection = connection.unwrap(PGConnection.class);
    }

    @Override
    public void write(List<JournalRecord> batch) throws SQLException {
      buffer.clear();
      buffer.put(SIGNATURE).putInt(0).putInt(0);
      for (JournalRecord record : batch) {
        ensure(2 + 12 + 12 + 4 + MAX_COMMAND_BYTES + 2);
        buffer.putShort((short) 3);
        buffer.putInt(8).putLong(record.sequence());
        buffer.putInt(8).putLong(record.timestampMs());
        // The command straight into the stream: its length field is filled in after it.
        int lengthAt = buffer.position();
        buffer.position(lengthAt + 4);
        Command.encode(record.command(), buffer);
        buffer.putInt(lengthAt, buffer.position() - lengthAt - 4);
      }
      buffer.putShort((short) -1);
      CopyIn copy = connection.getCopyAPI().copyIn(COPY);
      try {
        copy.writeToCopy(buffer.array(), 0, buffer.position());
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }

    private void ensure(int bytes) {
      if (buffer.remaining() < bytes) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, bytes * 2));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
      }
    }
  }

  /** H2: one prepared insert, executed as a JDBC batch. */
  private static final class BatchWriter implements BulkWriter {
    private final PreparedStatement insert;
    private final PreparedStatement sync;

    BatchWriter(Connection connection) throws SQLException {
      this.insert = connection.prepareStatement(INSERT);
      this.sync = connection.prepareStatement("CHECKPOINT SYNC");
    }

    /**
     * With {@code WRITE_DELAY=0} H2's commit writes the change to the file in the committing thread
     * but does not force it to the disk; a synchronous checkpoint does, before the batch is
     * acknowledged. Finding it again after a crash is up to {@link Database#open} (see {@link
     * H2File}): H2's own recovery can miss it.
     */
    @Override
    public void afterCommit() throws SQLException {
      sync.execute();
    }

    @Override
    public void write(List<JournalRecord> batch) throws SQLException {
      for (JournalRecord record : batch) {
        insert.setLong(1, record.sequence());
        insert.setLong(2, record.timestampMs());
        insert.setBytes(3, Command.encode(record.command()));
        insert.addBatch();
      }
      try {
        insert.executeBatch();
      } finally {
        insert.clearBatch();
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reading and pruning

  @Override
  public long lastSequence() {
    return lastSequence;
  }

  @Override
  public long firstSequence() {
    return firstSequence;
  }

  @Override
  public void replay(long afterSequence, Consumer<JournalRecord> consumer) {
    long expected = Math.max(afterSequence, firstSequence - 1) + 1;
    try (Connection connection = database.connection();
        PreparedStatement page =
            connection.prepareStatement(
                "SELECT sequence, timestamp_ms, command FROM journal"
                    + " WHERE sequence >= ? AND sequence <= ? ORDER BY sequence LIMIT ?")) {
      while (expected <= lastSequence) {
        page.setLong(1, expected);
        page.setLong(2, lastSequence);
        page.setInt(3, REPLAY_PAGE_ROWS);
        long before = expected;
        try (ResultSet rows = page.executeQuery()) {
          while (rows.next()) {
            long sequence = rows.getLong(1);
            if (sequence != expected) {
              throw missing(expected, sequence);
            }
            consumer.accept(new JournalRecord(sequence, rows.getLong(2), decode(rows, sequence)));
            expected++;
          }
        }
        if (expected == before) {
          throw missing(expected, -1);
        }
      }
    } catch (SQLException failure) {
      throw new ExchangeException(
          name + ": reading from sequence " + expected + " failed: " + failure.getMessage(),
          failure);
    }
  }

  private Command decode(ResultSet rows, long sequence) throws SQLException {
    try {
      return Command.decode(rows.getBytes(3));
    } catch (IllegalArgumentException malformed) {
      throw new ExchangeException(
          name + " corrupt: record " + sequence + " holds an undecodable command: " + malformed,
          malformed);
    }
  }

  private ExchangeException missing(long expected, long found) {
    return new ExchangeException(
        name
            + ": record "
            + expected
            + " is missing (pruned or deleted since the journal was opened"
            + (found < 0 ? "" : "; the next is " + found)
            + ")");
  }

  /**
   * Deletes the rows up to {@code throughSequence}, but always keeps the last record: it is what
   * tells a reopened journal where the sequence stands.
   */
  @Override
  public void pruneThrough(long throughSequence) {
    requireWriter("prune");
    long through = Math.min(throughSequence, lastSequence - 1);
    if (through < firstSequence) {
      return;
    }
    try (PreparedStatement delete =
        writer.prepareStatement("DELETE FROM journal WHERE sequence <= ?")) {
      delete.setLong(1, through);
      delete.executeUpdate();
      writer.commit();
    } catch (SQLException failure) {
      try {
        writer.rollback();
      } catch (SQLException rollbackFailed) {
        failure.addSuppressed(rollbackFailed);
      }
      throw new ExchangeException(name + ": pruning through " + through + " failed", failure);
    }
    firstSequence = through + 1;
  }

  @Override
  public List<String> openReport() {
    return List.copyOf(report);
  }

  /** Closes the writer's connection, which releases the writer lock. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (writer != null) {
      unlock();
      closeQuietly(writer, null);
    }
    if (h2Writer != null) {
      H2_WRITERS.remove(h2Writer);
    }
  }

  /**
   * Releases the single-writer lock before the session closes. Closing alone releases it too, but
   * only once the server has ended the session, after close() returned: a writer opened right after
   * close() (a restart in the same process) could still find it held.
   */
  private void unlock() {
    if (database.config().dialect() != Dialect.POSTGRESQL) {
      return;
    }
    try (PreparedStatement unlock =
        writer.prepareStatement("SELECT pg_advisory_unlock(" + LOCK_KEY + ")")) {
      unlock.setLong(1, LOCK_NAMESPACE);
      unlock.executeQuery().close();
    } catch (SQLException broken) {
      // The session is gone or going; the server releases the lock when it ends.
    }
  }

  private static void closeQuietly(Connection connection, Exception failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException closeFailed) {
      // Closing after the last commit loses nothing; the server ends the session (and its lock).
      if (failure != null) {
        failure.addSuppressed(closeFailed);
      }
    }
  }
}

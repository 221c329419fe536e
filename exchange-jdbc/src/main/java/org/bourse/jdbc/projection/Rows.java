package org.bourse.jdbc.projection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The rows of one table in one projection batch, put column by column in the table's column order
 * and sent in bulk, inside the batch's transaction, by {@link #send}. Two ways to send them:
 *
 * <ul>
 *   <li>{@link Copy}: PostgreSQL's {@code COPY … FROM STDIN} in binary form, for the append-only
 *       tables: the rows go to the server as one stream, and the server inserts them without
 *       parsing, planning or executing a statement per row.
 *   <li>{@link Batch}: one prepared statement with a parameter per column, executed as a JDBC
 *       batch: the upserts of current-state rows on both dialects, and every table on H2 (embedded,
 *       so there is no round trip to save).
 * </ul>
 *
 * <p><b>Thread-safety:</b> not thread-safe; one batch on one thread.
 */
sealed interface Rows extends AutoCloseable permits Rows.Copy, Rows.Batch {

  /** Starts a row; its columns follow in the table's column order, then {@link #end}. */
  Rows start() throws SQLException;

  /** A BIGINT column. */
  Rows putLong(long value) throws SQLException;

  /** An INTEGER column. */
  Rows putInt(int value) throws SQLException;

  /** A VARCHAR column; null for SQL NULL. */
  Rows putText(String value) throws SQLException;

  /** A BIGINT column that is SQL NULL. */
  Rows putNullLong() throws SQLException;

  /** Ends the row. */
  void end() throws SQLException;

  /** How many rows were put. */
  int count();

  /** Sends the rows put so far (nothing when there are none) in the connection's transaction. */
  void send() throws SQLException;

  @Override
  void close() throws SQLException;

  /**
   * PostgreSQL binary {@code COPY}: the signature and header, one tuple per row (a 16-bit field
   * count, then per field a 32-bit length, -1 for NULL, and the value in network byte order, text
   * as UTF-8), and the trailer; buffered for the whole batch, then sent in one stream. The column
   * types must match the table's exactly (8 bytes for BIGINT, 4 for INTEGER).
   */
  final class Copy implements Rows {
    private static final byte[] SIGNATURE = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
    };

    private final PGConnection connection;
    private final String sql;
    private final short columns;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private int count;

    /**
     * @param table the table and its column list, as in {@code trades (trade_id, sequence, …)}
     * @param columns how many columns that list names
     */
    Copy(Connection connection, String table, int columns) throws SQLException {
      this.connection = connection.unwrap(PGConnection.class);
      this.sql = "COPY " + table + " FROM STDIN (FORMAT BINARY)";
      this.columns = (short) columns;
      buffer.put(SIGNATURE).putInt(0).putInt(0);
    }

    @Override
    public Rows start() {
      ensure(2);
      buffer.putShort(columns);
      return this;
    }

    @Override
    public Rows putLong(long value) {
      ensure(12);
      buffer.putInt(8).putLong(value);
      return this;
    }

    @Override
    public Rows putInt(int value) {
      ensure(8);
      buffer.putInt(4).putInt(value);
      return this;
    }

    @Override
    public Rows putText(String value) {
      if (value == null) {
        ensure(4);
        buffer.putInt(-1);
        return this;
      }
      int length = value.length();
      ensure(4 + length);
      int lengthAt = buffer.position();
      buffer.putInt(length);
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (c >= 0x80) {
          // Not ASCII (only client order ids can be): encode the whole string instead.
          buffer.position(lengthAt);
          byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
          ensure(4 + utf8.length);
          buffer.putInt(utf8.length).put(utf8);
          return this;
        }
        buffer.put((byte) c);
      }
      return this;
    }

    @Override
    public Rows putNullLong() {
      ensure(4);
      buffer.putInt(-1);
      return this;
    }

    @Override
    public void end() {
      count++;
    }

    @Override
    public int count() {
      return count;
    }

    @Override
    public void send() throws SQLException {
      if (count == 0) {
        return;
      }
      ensure(2);
      buffer.putShort((short) -1);
      CopyIn copy = connection.getCopyAPI().copyIn(sql);
      try {
        copy.writeToCopy(buffer.array(), 0, buffer.position());
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }

    @Override
    public void close() {
      // Holds no resource: the buffer is garbage once the batch is sent.
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

  /** A prepared statement with one parameter per column, executed as one JDBC batch. */
  final class Batch implements Rows {
    private final PreparedStatement statement;
    private int column;
    private int count;

    Batch(Connection connection, String sql) throws SQLException {
      this.statement = connection.prepareStatement(sql);
    }

    @Override
    public Rows start() {
      column = 0;
      return this;
    }

    @Override
    public Rows putLong(long value) throws SQLException {
      statement.setLong(++column, value);
      return this;
    }

    @Override
    public Rows putInt(int value) throws SQLException {
      statement.setInt(++column, value);
      return this;
    }

    @Override
    public Rows putText(String value) throws SQLException {
      if (value == null) {
        statement.setNull(++column, Types.VARCHAR);
      } else {
        statement.setString(++column, value);
      }
      return this;
    }

    @Override
    public Rows putNullLong() throws SQLException {
      statement.setNull(++column, Types.BIGINT);
      return this;
    }

    @Override
    public void end() throws SQLException {
      statement.addBatch();
      count++;
    }

    @Override
    public int count() {
      return count;
    }

    @Override
    public void send() throws SQLException {
      execute();
    }

    /** Sends the rows, and returns each row's update count. */
    int[] execute() throws SQLException {
      return count > 0 ? statement.executeBatch() : new int[0];
    }

    @Override
    public void close() throws SQLException {
      statement.close();
    }
  }
}

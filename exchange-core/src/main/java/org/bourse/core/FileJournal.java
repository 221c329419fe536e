package org.bourse.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The append-only, segmented file journal.
 *
 * <p>A segment {@code journal-<first sequence>.seg} starts with a 24-byte header (magic {@code
 * BOURSEJ1}, journal format version, command codec version, first sequence) followed by records:
 * {@code int length, int crc32c, long sequence, long timestampMs, command bytes}, where length
 * counts from the sequence on and the CRC32C covers the same bytes. A batch is written with one
 * gathering write and one {@code force}; segments roll at batch boundaries once they reach the
 * configured size.
 *
 * <p>Opening checks every record. A break at the end of the last segment (a record cut short, or
 * unreadable, with no valid record after it) is a torn tail from a crash during an unacknowledged
 * write: it is truncated and reported. A damaged record with valid records after it, a sequence
 * gap, or damage in an older segment is corruption: opening fails with the file and offset. A
 * failed write or force poisons the journal: the unforced batch is cut off again (best effort) and
 * no later append is accepted, so nothing after the failure is acknowledged or, as far as the
 * storage allows, recovered.
 */
final class FileJournal implements Journal {
  static final int FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 24;
  static final int RECORD_OVERHEAD = 8;
  static final int MIN_PAYLOAD = 16 + 1;
  static final int MAX_PAYLOAD = 16 + CommandCodec.MAX_ENCODED_BYTES;
  private static final long MAGIC = 0x424F555253454A31L; // "BOURSEJ1"
  private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{20})\\.seg");

  private final Path directory;
  private final FileJournalOptions options;
  private final List<Segment> segments = new ArrayList<>();
  private final List<String> report = new ArrayList<>();
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
  private FileChannel channel;
  private FileLock lock;
  private long channelSize;
  private long lastSequence;
  private boolean failed;

  private static final class Segment {
    final Path path;
    final long firstSequence;

    Segment(Path path, long firstSequence) {
      this.path = path;
      this.firstSequence = firstSequence;
    }
  }

  FileJournal(Path directory, FileJournalOptions options) throws IOException {
    this.directory = directory;
    this.options = options;
    if (!options.readOnly()) {
      Files.createDirectories(directory);
      lock = lockExclusively(directory);
    } else if (!Files.isDirectory(directory)) {
      throw new IOException("journal directory " + directory + " does not exist");
    }
    try {
      open();
    } catch (IOException | RuntimeException failed) {
      close();
      throw failed;
    }
  }

  /**
   * Takes the journal's write lock, so that a second writer (another runtime, in this process or
   * another) cannot append to or repair the same files. The operating system releases it when the
   * process dies, so a crash never leaves it stuck.
   */
  private static FileLock lockExclusively(Path directory) throws IOException {
    FileChannel channel =
        FileChannel.open(
            directory.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock taken;
    try {
      taken = channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      taken = null;
    } catch (IOException | RuntimeException failed) {
      channel.close();
      throw failed;
    }
    if (taken == null) {
      channel.close();
      throw new ExchangeException("journal " + directory + " is already open for writing");
    }
    return taken;
  }

  private void open() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "journal-*.seg")) {
      for (Path file : files) {
        Matcher m = SEGMENT.matcher(file.getFileName().toString());
        if (m.matches()) {
          segments.add(new Segment(file, Long.parseLong(m.group(1))));
        }
      }
    }
    segments.sort((a, b) -> Long.compare(a.firstSequence, b.firstSequence));
    for (int i = 0; i < segments.size(); i++) {
      check(segments.get(i), i == segments.size() - 1);
    }
    if (!options.readOnly()) {
      if (segments.isEmpty()) {
        startSegment(1);
      } else {
        Segment last = segments.get(segments.size() - 1);
        channel = options.channels().open(last.path, StandardOpenOption.WRITE);
        channelSize = channel.size();
        channel.position(channelSize);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Opening: validation, torn tails, corruption

  private void check(Segment segment, boolean last) throws IOException {
    byte[] bytes = Files.readAllBytes(segment.path);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < HEADER_BYTES) {
      if (!last) {
        throw corrupt(segment, 0, "segment header is cut short");
      }
      // Crashed while creating the segment: nothing was ever appended to it.
      report.add(
          "torn tail: " + segment.path + " had an incomplete header of " + bytes.length + " bytes");
      if (!options.readOnly()) {
        Files.delete(segment.path);
      }
      segments.remove(segment);
      return;
    }
    if (in.getLong() != MAGIC) {
      throw corrupt(segment, 0, "not a Bourse journal segment (bad magic)");
    }
    int format = in.getInt();
    int codec = in.getInt();
    if (format != FORMAT_VERSION || codec != CommandCodec.VERSION) {
      throw corrupt(
          segment, 8, "unsupported journal format " + format + " / command codec " + codec);
    }
    long first = in.getLong();
    if (first != segment.firstSequence) {
      throw corrupt(segment, 16, "header names first sequence " + first);
    }
    if (lastSequence != 0 && first != lastSequence + 1) {
      throw corrupt(
          segment, 16, "expected first sequence " + (lastSequence + 1) + ", found " + first);
    }
    int position = HEADER_BYTES;
    long expected = first;
    while (position < bytes.length) {
      long sequence = recordAt(bytes, position, expected);
      if (sequence < 0) {
        break;
      }
      expected++;
      position += RECORD_OVERHEAD + ByteBuffer.wrap(bytes, position, 4).getInt();
    }
    lastSequence = expected - 1;
    if (position < bytes.length) {
      if (!last) {
        throw corrupt(segment, position, "damaged record in a closed segment");
      }
      if (validRecordAfter(bytes, position + 1, expected)) {
        throw corrupt(segment, position, "damaged record followed by valid records");
      }
      report.add(
          "torn tail: "
              + segment.path
              + " cut at offset "
              + position
              + " ("
              + (bytes.length - position)
              + " bytes of an unacknowledged write); last sequence "
              + lastSequence);
      if (!options.readOnly()) {
        try (FileChannel fix = options.channels().open(segment.path, StandardOpenOption.WRITE)) {
          fix.truncate(position);
          fix.force(true);
        }
      }
    }
  }

  /**
   * The sequence of the valid record at {@code position} with sequence {@code expected}, or -1 if
   * there is no such record there (cut short, bad length, bad CRC or another sequence).
   */
  private long recordAt(byte[] bytes, int position, long expected) {
    if (bytes.length - position < RECORD_OVERHEAD) {
      return -1;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, position, RECORD_OVERHEAD);
    int length = in.getInt();
    int storedCrc = in.getInt();
    if (length < MIN_PAYLOAD
        || length > MAX_PAYLOAD
        || (long) position + RECORD_OVERHEAD + length > bytes.length) {
      return -1;
    }
    long sequence = ByteBuffer.wrap(bytes, position + RECORD_OVERHEAD, 8).getLong();
    if (sequence != expected) {
      return -1;
    }
    crc.reset();
    crc.update(bytes, position + RECORD_OVERHEAD, length);
    return (int) crc.getValue() == storedCrc ? sequence : -1;
  }

  /**
   * Whether any valid record with a plausible later sequence starts after a break. Checking the
   * sequence first keeps this cheap; the CRC confirms it.
   */
  private boolean validRecordAfter(byte[] bytes, int from, long expected) {
    long maxSequence = expected + (bytes.length - from) / (RECORD_OVERHEAD + MIN_PAYLOAD) + 1;
    for (int position = from;
        position + RECORD_OVERHEAD + MIN_PAYLOAD <= bytes.length;
        position++) {
      long sequence = ByteBuffer.wrap(bytes, position + RECORD_OVERHEAD, 8).getLong();
      if (sequence >= expected
          && sequence <= maxSequence
          && recordAt(bytes, position, sequence) > 0) {
        return true;
      }
    }
    return false;
  }

  private static ExchangeException corrupt(Segment segment, long offset, String what) {
    return new ExchangeException(
        "journal corrupt: " + segment.path + " at offset " + offset + ": " + what);
  }

  // -------------------------------------------------------------------------------------------
  // Appending

  @Override
  public void append(List<JournalRecord> batch) {
    if (options.readOnly()) {
      throw new ExchangeException("journal " + directory + " is open read-only");
    }
    if (failed) {
      throw new ExchangeException("journal " + directory + " failed earlier; no appends accepted");
    }
    if (batch.isEmpty()) {
      return;
    }
    long sequence = lastSequence;
    buffer.clear();
    for (JournalRecord record : batch) {
      if (record.sequence() != ++sequence) {
        throw new ExchangeException(
            "journal append out of order: expected " + sequence + ", got " + record.sequence());
      }
      encode(record);
    }
    buffer.flip();
    int bytes = buffer.remaining();
    try {
      if (channelSize >= options.segmentBytes()) {
        // Roll before writing, not after the force: a failure to start the segment then fails a
        // batch that was never written, rather than one that is already durable.
        channel.close();
        startSegment(lastSequence + 1);
      }
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException | RuntimeException failure) {
      failed = true;
      discardUnforced(failure);
      throw new ExchangeException("journal write failed in " + directory + "; stopping", failure);
    }
    lastSequence = sequence;
    channelSize += bytes;
  }

  /**
   * After a failed write or force, cuts the segment back to the end of the last forced batch. The
   * caller fails the batch's futures, so a restart must not recover it as if it had been
   * acknowledged. Best effort: if the cut fails too, a restart may recover some of the batch; its
   * commands were never acknowledged, and resubmitting them under the same command ids is safe.
   */
  private void discardUnforced(Exception failure) {
    try {
      channel.truncate(channelSize);
      channel.force(false);
    } catch (IOException | RuntimeException cutFailed) {
      failure.addSuppressed(cutFailed);
    }
  }

  private void encode(JournalRecord record) {
    if (buffer.remaining() < RECORD_OVERHEAD + MAX_PAYLOAD) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(buffer.capacity() * 2);
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    int start = buffer.position();
    buffer.position(start + RECORD_OVERHEAD);
    buffer.putLong(record.sequence()).putLong(record.timestampMs());
    CommandCodec.encode(record.command(), buffer);
    int end = buffer.position();
    int length = end - start - RECORD_OVERHEAD;
    crc.reset();
    ByteBuffer payload = buffer.duplicate();
    payload.position(start + RECORD_OVERHEAD).limit(end);
    crc.update(payload);
    buffer.putInt(start, length).putInt(start + 4, (int) crc.getValue());
  }

  private void startSegment(long firstSequence) throws IOException {
    Path path = directory.resolve(String.format("journal-%020d.seg", firstSequence));
    channel =
        options
            .channels()
            .open(
                path,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(CommandCodec.VERSION);
    header.putLong(firstSequence).flip();
    while (header.hasRemaining()) {
      channel.write(header);
    }
    channel.force(true);
    forceDirectory(directory);
    channelSize = HEADER_BYTES;
    segments.add(new Segment(path, firstSequence));
  }

  static void forceDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
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
    return segments.isEmpty() ? lastSequence + 1 : segments.get(0).firstSequence;
  }

  @Override
  public void replay(long afterSequence, Consumer<JournalRecord> consumer) {
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      long nextFirst = i + 1 < segments.size() ? segments.get(i + 1).firstSequence : Long.MAX_VALUE;
      if (nextFirst - 1 <= afterSequence) {
        continue;
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(segment.path);
      } catch (IOException failure) {
        throw new ExchangeException("journal read failed: " + segment.path, failure);
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      in.position(HEADER_BYTES);
      long sequence = segment.firstSequence;
      while (sequence <= lastSequence && in.remaining() >= RECORD_OVERHEAD) {
        int position = in.position();
        int length = in.getInt();
        in.getInt();
        if (length < MIN_PAYLOAD || length > in.remaining()) {
          throw corrupt(segment, position, "record changed since the journal was opened");
        }
        ByteBuffer record = in.slice();
        record.limit(length);
        in.position(in.position() + length);
        long stored = record.getLong();
        long timestampMs = record.getLong();
        if (stored != sequence) {
          throw corrupt(segment, position, "expected sequence " + sequence + ", found " + stored);
        }
        if (sequence > afterSequence) {
          Command command;
          try {
            command = CommandCodec.decode(record);
          } catch (IllegalArgumentException malformed) {
            throw corrupt(segment, position, "undecodable command: " + malformed.getMessage());
          }
          consumer.accept(new JournalRecord(sequence, timestampMs, command));
        }
        sequence++;
      }
    }
  }

  @Override
  public void pruneThrough(long throughSequence) {
    while (segments.size() > 1 && segments.get(1).firstSequence - 1 <= throughSequence) {
      Segment oldest = segments.remove(0);
      try {
        Files.deleteIfExists(oldest.path);
      } catch (IOException failure) {
        throw new ExchangeException("journal could not delete " + oldest.path, failure);
      }
    }
  }

  @Override
  public List<String> openReport() {
    return List.copyOf(report);
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing after a successful force loses nothing; the next open checks the files anyway.
      }
      channel = null;
    }
    if (lock != null) {
      try {
        lock.channel().close();
      } catch (IOException ignored) {
        // Closing the channel releases the lock; if even that fails, process exit will.
      }
      lock = null;
    }
  }
}

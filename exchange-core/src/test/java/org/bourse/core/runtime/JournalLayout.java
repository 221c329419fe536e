package org.bourse.core.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the records of a file journal lie, parsed from the layout documented on the file journal
 * ({@code journal-<first sequence>.seg}: a 24-byte header, then records of {@code int length, int
 * crc32c, long sequence, long timestampMs, command bytes} with length counting from the sequence).
 * The fault tests use it to aim damage at a record and to know which offset an error must name.
 */
final class JournalLayout {
  static final int HEADER_BYTES = 24;
  private static final int RECORD_OVERHEAD = 8;

  /** One segment file: its pristine bytes and the start offset of each record in it. */
  record Segment(Path file, byte[] bytes, List<Integer> recordStarts) {
    /** The end offset (exclusive) of the record at index i. */
    int recordEnd(int i) {
      int start = recordStarts.get(i);
      return start + RECORD_OVERHEAD + ByteBuffer.wrap(bytes, start, 4).getInt();
    }

    /** The start of the record holding this byte, or -1 if it lies in the header. */
    int recordStartAt(int offset) {
      int found = -1;
      for (int start : recordStarts) {
        if (start <= offset) {
          found = start;
        }
      }
      return found;
    }
  }

  final List<Segment> segments;

  private JournalLayout(List<Segment> segments) {
    this.segments = segments;
  }

  /** Reads the segments of an undamaged journal directory. */
  static JournalLayout of(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "journal-*.seg")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    List<Segment> segments = new ArrayList<>();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      List<Integer> starts = new ArrayList<>();
      int position = HEADER_BYTES;
      while (position < bytes.length) {
        starts.add(position);
        position += RECORD_OVERHEAD + ByteBuffer.wrap(bytes, position, 4).getInt();
      }
      if (position != bytes.length) {
        throw new IllegalStateException(file + " is not a clean segment");
      }
      segments.add(new Segment(file, bytes, List.copyOf(starts)));
    }
    return new JournalLayout(List.copyOf(segments));
  }

  Segment last() {
    return segments.get(segments.size() - 1);
  }

  /**
   * Puts every segment back as it was when parsed (damage and repairs undone) and removes segments
   * created since.
   */
  void restore() throws IOException {
    Path directory = segments.get(0).file().getParent();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "journal-*.seg")) {
      for (Path file : stream) {
        if (segments.stream().noneMatch(segment -> segment.file().equals(file))) {
          Files.delete(file);
        }
      }
    }
    for (Segment segment : segments) {
      Files.write(segment.file(), segment.bytes());
    }
  }
}

package org.bourse.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of the file journal.
 *
 * @param segmentBytes a segment is closed and a new one started once it reaches this size
 * @param readOnly open without repairing anything (a torn tail is reported, not truncated) and
 *     refuse appends: for inspection tools
 * @param channels opens file channels; tests inject faults here
 */
public record FileJournalOptions(long segmentBytes, boolean readOnly, ChannelOpener channels) {
  /** Opens the file channels of a journal. */
  @FunctionalInterface
  public interface ChannelOpener {
    /** Opens a channel like {@link FileChannel#open(Path, OpenOption...)}. */
    FileChannel open(Path path, OpenOption... options) throws IOException;
  }

  public FileJournalOptions {
    Objects.requireNonNull(channels, "channels");
    if (segmentBytes < 4_096) {
      throw new IllegalArgumentException("segmentBytes must be at least 4096, was " + segmentBytes);
    }
  }

  /** 64 MiB segments, read-write, plain file channels. */
  public static FileJournalOptions defaults() {
    return new FileJournalOptions(64L << 20, false, FileChannel::open);
  }

  /** The same options, read-only. */
  public FileJournalOptions asReadOnly() {
    return new FileJournalOptions(segmentBytes, true, channels);
  }

  /** The same options with another segment size. */
  public FileJournalOptions withSegmentBytes(long bytes) {
    return new FileJournalOptions(bytes, readOnly, channels);
  }

  /** The same options with another channel opener. */
  public FileJournalOptions withChannels(ChannelOpener opener) {
    return new FileJournalOptions(segmentBytes, readOnly, opener);
  }
}

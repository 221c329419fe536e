package org.bourse.cli.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.bourse.core.FileJournalOptions;

/**
 * A file channel that passes everything to a real one and counts the forces (fsyncs), the time they
 * took and the bytes written. The file journal forces once per batch it appends (group commit), so
 * the count of forces is the count of batches: the runtime does not report it, and inferring it
 * from timings would be a guess. Installed through {@link FileJournalOptions#withChannels}, the
 * hook the journal offers for fault injection; it changes nothing about the IO itself.
 */
final class CountingChannel extends FileChannel {
  private final FileChannel channel;
  private final Counters counters;

  /** What all channels of one journal did, readable from any thread. */
  static final class Counters {
    final AtomicLong forces = new AtomicLong();
    final AtomicLong forceNanos = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    /** Opens channels that count into these counters. */
    FileJournalOptions.ChannelOpener opener() {
      return (Path path, OpenOption... options) ->
          new CountingChannel(FileChannel.open(path, options), this);
    }
  }

  private CountingChannel(FileChannel channel, Counters counters) {
    this.channel = channel;
    this.counters = counters;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    long start = System.nanoTime();
    channel.force(metaData);
    counters.forceNanos.addAndGet(System.nanoTime() - start);
    counters.forces.incrementAndGet();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return counted(channel.write(src));
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long written = channel.write(srcs, offset, length);
    counters.bytesWritten.addAndGet(written);
    return written;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    return counted(channel.write(src, position));
  }

  private int counted(int written) {
    counters.bytesWritten.addAndGet(written);
    return written;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    long written = channel.transferFrom(src, position, count);
    counters.bytesWritten.addAndGet(written);
    return written;
  }

  // Everything else passes through unchanged.

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return channel.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return channel.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return channel.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    channel.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    channel.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return channel.transferTo(position, count, target);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return channel.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return channel.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return channel.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    channel.close();
  }
}

package org.bourse.core.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bourse.core.FileJournalOptions;

/**
 * A {@link FileJournalOptions.ChannelOpener} whose channels wrap real file channels and inject
 * storage faults, shared by every channel it opened:
 *
 * <ul>
 *   <li>{@link #failForcesAfter}: {@code force} succeeds n times, then throws like a disk that
 *       reports a write-back error;
 *   <li>{@link #crashAfterWriting}: after n more bytes reach the file, the write that crosses that
 *       point is cut and the "process" is gone: every later operation on any channel, including the
 *       journal's own attempts to repair, throws. This leaves the files exactly as a crash in the
 *       middle of a write would.
 * </ul>
 *
 * It also counts bytes written but not yet forced, to show that a runtime syncs before it stops.
 */
final class FaultyChannels implements FileJournalOptions.ChannelOpener {
  private final AtomicInteger forcesLeft = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicLong bytesUntilCrash = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong unforcedBytes = new AtomicLong();
  private final AtomicInteger forces = new AtomicInteger();
  private volatile boolean crashed;

  /** From now on, {@code force} succeeds {@code successes} more times and then always throws. */
  FaultyChannels failForcesAfter(int successes) {
    forcesLeft.set(successes);
    return this;
  }

  /** From now on, {@code bytes} more bytes are written, then the process "crashes" mid-write. */
  FaultyChannels crashAfterWriting(long bytes) {
    bytesUntilCrash.set(bytes);
    return this;
  }

  /** Bytes written to any channel and not yet followed by a successful force of that channel. */
  long unforcedBytes() {
    return unforcedBytes.get();
  }

  /** Successful force calls so far. */
  int successfulForces() {
    return forces.get();
  }

  boolean crashed() {
    return crashed;
  }

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    if (crashed) {
      throw new IOException("injected: the process is gone");
    }
    return new Channel(FileChannel.open(path, options));
  }

  private final class Channel extends FileChannel {
    private final FileChannel file;
    private long unforced;

    Channel(FileChannel file) {
      this.file = file;
    }

    private void alive() throws IOException {
      if (crashed) {
        throw new IOException("injected: the process is gone");
      }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      alive();
      long allowed = bytesUntilCrash.get();
      if (source.remaining() <= allowed) {
        int written = file.write(source);
        bytesUntilCrash.addAndGet(-written);
        unforced += written;
        unforcedBytes.addAndGet(written);
        return written;
      }
      // The cut: part of this write reaches the file, then nothing more ever does.
      ByteBuffer part = source.duplicate();
      part.limit(part.position() + (int) allowed);
      while (part.hasRemaining()) {
        file.write(part);
      }
      crashed = true;
      throw new IOException("injected: crashed after " + allowed + " bytes of a write");
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        while (sources[i].hasRemaining()) {
          total += write(sources[i]);
        }
      }
      return total;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      throw new UnsupportedOperationException("the journal appends at the channel position");
    }

    @Override
    public void force(boolean metaData) throws IOException {
      alive();
      if (forcesLeft.getAndDecrement() <= 0) {
        throw new IOException("injected: force failed (write-back error)");
      }
      file.force(metaData);
      forces.incrementAndGet();
      unforcedBytes.addAndGet(-unforced);
      unforced = 0;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      alive();
      file.truncate(size);
      return this;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
      alive();
      return file.read(destination);
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
      alive();
      return file.read(destinations, offset, length);
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
      alive();
      return file.read(destination, position);
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      alive();
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}

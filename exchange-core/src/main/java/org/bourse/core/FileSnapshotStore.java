package org.bourse.core;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Snapshot files: {@code snapshot-<sequence>.snap} holding a header (magic, version, sequence,
 * state hash), the {@link EngineSnapshot engine state}, and a CRC32C of everything before it. A
 * snapshot is written to a temporary file, forced, then renamed into place, so a crash leaves
 * either the whole snapshot or none. Reading checks the CRC and that the restored engine has the
 * recorded state hash.
 */
final class FileSnapshotStore implements SnapshotStore {
  private static final long MAGIC = 0x424F555253455331L; // "BOURSES1"
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");

  private final Path directory;

  FileSnapshotStore(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
  }

  /**
   * Serialises the engine into memory (the only part that must run on the engine thread); the
   * returned capture writes the bytes to a temporary file, forces it and renames it into place.
   */
  @Override
  public Capture capture(Exchange exchange) throws IOException {
    if (!(exchange instanceof Engine)) {
      throw new IllegalArgumentException("only engines made by Exchange.create can be snapshotted");
    }
    Engine engine = (Engine) exchange;
    long sequence = engine.lastSequence();
    // Only this serialisation into memory runs on the engine thread; buffering keeps it to plain
    // array writes (ByteArrayOutputStream alone locks on every write). The checksum and the file
    // are the snapshot thread's work.
    Bytes bytes = new Bytes();
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16));
    out.writeLong(MAGIC);
    out.writeInt(EngineSnapshot.VERSION);
    out.writeLong(sequence);
    out.writeLong(engine.stateHash());
    EngineSnapshot.write(engine, out);
    out.flush();
    return () -> store(sequence, bytes);
  }

  /** A byte array stream whose buffer can be read without a copy. */
  private static final class Bytes extends ByteArrayOutputStream {
    Bytes() {
      super(1 << 20);
    }

    ByteBuffer contents() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }

  private void store(long sequence, Bytes bytes) throws IOException {
    Path target = directory.resolve(name(sequence));
    Path temporary = directory.resolve(name(sequence) + ".tmp");
    CRC32C crc = new CRC32C();
    crc.update(bytes.contents());
    ByteBuffer trailer = ByteBuffer.allocate(8).putLong(0, crc.getValue());
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer[] parts = {bytes.contents(), trailer};
      while (parts[1].hasRemaining()) {
        channel.write(parts);
      }
      channel.force(true);
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    FileJournal.forceDirectory(directory);
  }

  @Override
  public List<Long> sequences() throws IOException {
    List<Long> result = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "snapshot-*.snap")) {
      for (Path file : files) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches()) {
          result.add(Long.parseLong(m.group(1)));
        }
      }
    }
    result.sort((a, b) -> Long.compare(b, a));
    return result;
  }

  @Override
  public Optional<Exchange> readNewest(
      ExchangeConfig config, long atMostSequence, List<String> report) throws IOException {
    for (long sequence : sequences()) {
      if (sequence > atMostSequence) {
        continue;
      }
      Path file = directory.resolve(name(sequence));
      try {
        return Optional.of(read(file, sequence, config));
      } catch (IOException | RuntimeException damaged) {
        report.add("skipped damaged snapshot " + file + ": " + damaged.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Engine read(Path file, long sequence, ExchangeConfig config) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 36) {
      throw new IOException("too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
      throw new IOException("CRC mismatch");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
    if (in.readLong() != MAGIC) {
      throw new IOException("not a Bourse snapshot");
    }
    int version = in.readInt();
    if (version != EngineSnapshot.VERSION) {
      throw new IOException("unsupported snapshot version " + version);
    }
    long recordedSequence = in.readLong();
    long recordedHash = in.readLong();
    Engine engine = EngineSnapshot.read(config, in);
    if (recordedSequence != sequence || engine.lastSequence() != sequence) {
      throw new IOException("sequence in file does not match its name");
    }
    if (engine.stateHash() != recordedHash) {
      throw new IOException("restored state hash differs from the recorded one");
    }
    return engine;
  }

  @Override
  public OptionalLong retain(int keep) throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*.snap.tmp")) {
      for (Path leftover : leftovers) {
        Files.delete(leftover);
      }
    }
    List<Long> all = sequences();
    for (int i = keep; i < all.size(); i++) {
      Files.deleteIfExists(directory.resolve(name(all.get(i))));
    }
    return all.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(all.get(Math.min(keep, all.size()) - 1));
  }

  private static String name(long sequence) {
    return String.format("snapshot-%020d.snap", sequence);
  }
}

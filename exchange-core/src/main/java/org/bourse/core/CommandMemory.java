package org.bourse.core;

/**
 * The idempotency memory: the outcome of the last {@code window} commands, by command id. A ring of
 * primitive slots plus two indexes; the oldest id is forgotten when the ring wraps. Outcomes, not
 * events, are kept: a duplicate changes nothing, so it has no events. Not thread-safe: the engine
 * thread owns it.
 *
 * <p>Every command is remembered, so {@link #remember} is on the hot path of every command and is
 * kept to a few stores into memory that is written in sequence: a slot is four adjacent longs in
 * {@link #entries} (command id, sequence, the order or withdrawal id, outcome bits), one stream of
 * 32 bytes per command, and the ring wraps without a division. The ring is larger than the cache
 * (3.2 MB for the default 100,000 commands), so every line of it is a miss when written: fewer
 * bytes per command is fewer misses. Nine parallel columns, 47 bytes per command, cost the engine
 * about a tenth of its time on a busy single-symbol flow.
 *
 * <p>Ids mostly grow (clients count up), and an id larger than every remembered one cannot be a
 * duplicate. Such an id goes into the <em>ordered</em> index: a FIFO ring of slots whose ids are
 * ascending because each id was the largest when it came, and that loses its head exactly when the
 * ring slot it names is reused. So the common command touches only sequential memory: no hash probe
 * to find it, none to insert it, none to forget the id it evicts. Any other id (a retry, or one of
 * several clients' interleaved counters) goes into an open-addressing hash index, and a lookup of
 * an id not above the maximum checks the hash index, then binary-searches the ordered one. Which
 * index holds an id never changes the answer, only its cost.
 *
 * <p>The hash index interleaves each command id with its slot number in one {@code long[]} (id at
 * {@code 2i}, slot at {@code 2i + 1}), so a probe touches one cache line instead of two arrays.
 */
final class CommandMemory {
  /** Longs per slot in {@link #entries}, and their offsets. */
  private static final int STRIDE = 4;

  private static final int COMMAND_ID = 0;
  private static final int SEQUENCE = 1;

  /**
   * The order id, or the withdrawal id if {@link #WITHDRAWAL} is set: a command has one or none.
   */
  private static final int RESULT_ID = 2;

  private static final int OUTCOME = 3;

  /** Outcome bits: the reject's ordinal + 1 (0 for none) in bits 0-7, the status's in 8-15. */
  private static final int STATUS_SHIFT = 8;

  /** Outcome bit: the slot's id is in the ordered index (else in the hash index). */
  private static final long ORDERED = 1L << 16;

  /** Outcome bit: the result id is a withdrawal id. */
  private static final long WITHDRAWAL = 1L << 17;

  private final int window;
  private final long[] entries;

  /** The ordered index: a ring of slots, their ids ascending from {@link #orderedHead}. */
  private final int[] orderedSlots;

  private int orderedHead;
  private int orderedCount;

  /** The largest id remembered since this memory was created; ids above it are new. */
  private long maxCommandId = Long.MIN_VALUE;

  private final long[] index;
  private final int indexMask;
  private int next;
  private int size;

  CommandMemory(int window) {
    this.window = window;
    entries = new long[window * STRIDE];
    orderedSlots = new int[window];
    int capacity = Integer.highestOneBit(Math.max(8, window) * 2 - 1) << 1;
    index = new long[capacity * 2];
    indexMask = capacity - 1;
  }

  int size() {
    return size;
  }

  /** The slot remembering this command id, or -1. */
  int find(long commandId) {
    if (commandId > maxCommandId) {
      return -1;
    }
    int slot = findHashed(commandId);
    return slot >= 0 ? slot : findOrdered(commandId);
  }

  private int findHashed(long commandId) {
    for (int i = hash(commandId); ; i = (i + 1) & indexMask) {
      int slot = (int) index[2 * i + 1] - 1;
      if (slot < 0) {
        return -1;
      }
      if (index[2 * i] == commandId) {
        return slot;
      }
    }
  }

  /** Binary search of the ordered index. */
  private int findOrdered(long commandId) {
    if (orderedCount == 0 || commandId < idAt(orderedSlots[orderedHead])) {
      // Below every ordered id, e.g. the lower of two clients' interleaved counters.
      return -1;
    }
    int lo = 0;
    int hi = orderedCount - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int slot = orderedSlots[orderedAt(mid)];
      long id = idAt(slot);
      if (id == commandId) {
        return slot;
      } else if (id < commandId) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  private long idAt(int slot) {
    return entries[slot * STRIDE + COMMAND_ID];
  }

  /** The position in the ordered ring of its {@code k}-th oldest entry. */
  private int orderedAt(int k) {
    return wrap(orderedHead + k);
  }

  void remember(
      long commandId,
      long sequence,
      RejectReason reject,
      long orderId,
      OrderStatus status,
      long withdrawalId) {
    if (orderId != 0 && withdrawalId != 0) {
      throw new ExchangeException(
          "command " + commandId + " has both an order id and a withdrawal id to remember");
    }
    int slot = next;
    if (size == window) {
      if ((entries[slot * STRIDE + OUTCOME] & ORDERED) != 0) {
        // The oldest slot holds the oldest ordered id, so it is the ordered ring's head.
        orderedHead = orderedAt(1);
        orderedCount--;
      } else {
        unindex(idAt(slot));
      }
    } else {
      size++;
    }
    int at = slot * STRIDE;
    entries[at + COMMAND_ID] = commandId;
    entries[at + SEQUENCE] = sequence;
    entries[at + RESULT_ID] = withdrawalId != 0 ? withdrawalId : orderId;
    long outcome =
        (reject == null ? 0 : reject.ordinal() + 1)
            | (status == null ? 0 : status.ordinal() + 1) << STATUS_SHIFT
            | (withdrawalId != 0 ? WITHDRAWAL : 0);
    if (commandId > maxCommandId) {
      maxCommandId = commandId;
      orderedSlots[orderedAt(orderedCount)] = slot;
      orderedCount++;
      outcome |= ORDERED;
    } else {
      int i = hash(commandId);
      while (index[2 * i + 1] != 0) {
        i = (i + 1) & indexMask;
      }
      index[2 * i] = commandId;
      index[2 * i + 1] = slot + 1;
    }
    entries[at + OUTCOME] = outcome;
    next = wrap(slot + 1);
  }

  CommandResult duplicateResult(int slot, long timestampMs) {
    int at = slot * STRIDE;
    int reject = rejectCode(slot);
    int status = statusCode(slot);
    return new CommandResult(
        entries[at + SEQUENCE],
        timestampMs,
        entries[at + COMMAND_ID],
        reject < 0 ? null : RejectReason.values()[reject],
        null,
        orderId(slot),
        status < 0 ? null : OrderStatus.values()[status],
        withdrawalId(slot),
        true,
        java.util.List.of());
  }

  private long orderId(int slot) {
    int at = slot * STRIDE;
    return (entries[at + OUTCOME] & WITHDRAWAL) != 0 ? 0 : entries[at + RESULT_ID];
  }

  private long withdrawalId(int slot) {
    int at = slot * STRIDE;
    return (entries[at + OUTCOME] & WITHDRAWAL) != 0 ? entries[at + RESULT_ID] : 0;
  }

  /** The reject's ordinal, or -1 for none. */
  private int rejectCode(int slot) {
    return (int) (entries[slot * STRIDE + OUTCOME] & 0xFF) - 1;
  }

  /** The status's ordinal, or -1 for none. */
  private int statusCode(int slot) {
    return (int) ((entries[slot * STRIDE + OUTCOME] >>> STATUS_SHIFT) & 0xFF) - 1;
  }

  /** The slot of the {@code k}-th oldest remembered command. */
  private int oldest(int k) {
    return wrap((size == window ? next : 0) + k);
  }

  /**
   * A position in one of the rings, which are {@code window} long, from a position up to twice
   * that: wrapped by a comparison rather than a division, since every command wraps one.
   */
  private int wrap(int position) {
    return position >= window ? position - window : position;
  }

  /** Feeds the remembered outcomes, oldest first, into a hash. */
  void hashInto(Hasher hasher) {
    hasher.add(size);
    for (int k = 0; k < size; k++) {
      int slot = oldest(k);
      int at = slot * STRIDE;
      hasher
          .add(entries[at + COMMAND_ID])
          .add(entries[at + SEQUENCE])
          .add(orderId(slot))
          .add(withdrawalId(slot))
          .add(rejectCode(slot))
          .add(statusCode(slot));
    }
  }

  /**
   * Writes the remembered outcomes, oldest first, column by column (command ids, sequences, order
   * ids, withdrawal ids, then a byte per reject and per status, -1 for none), into one buffer
   * written at once: the memory is most of a snapshot, captured on the engine thread.
   */
  void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
    java.nio.ByteBuffer columns = java.nio.ByteBuffer.allocate(size * (4 * Long.BYTES + 2));
    for (int k = 0; k < size; k++) {
      columns.putLong(entries[oldest(k) * STRIDE + COMMAND_ID]);
    }
    for (int k = 0; k < size; k++) {
      columns.putLong(entries[oldest(k) * STRIDE + SEQUENCE]);
    }
    for (int k = 0; k < size; k++) {
      columns.putLong(orderId(oldest(k)));
    }
    for (int k = 0; k < size; k++) {
      columns.putLong(withdrawalId(oldest(k)));
    }
    for (int k = 0; k < size; k++) {
      columns.put((byte) rejectCode(oldest(k)));
    }
    for (int k = 0; k < size; k++) {
      columns.put((byte) statusCode(oldest(k)));
    }
    out.writeInt(size);
    out.write(columns.array());
  }

  /** Reads what {@link #writeTo} wrote into this empty memory of the same window. */
  void readFrom(java.io.DataInputStream in) throws java.io.IOException {
    int count = in.readInt();
    if (count < 0 || count > window || size != 0) {
      throw new java.io.IOException("idempotency memory of " + count + " entries does not fit");
    }
    byte[] bytes = new byte[count * (4 * Long.BYTES + 2)];
    in.readFully(bytes);
    java.nio.ByteBuffer columns = java.nio.ByteBuffer.wrap(bytes);
    long[][] longColumns = new long[4][count];
    for (long[] column : longColumns) {
      columns.asLongBuffer().get(column);
      columns.position(columns.position() + count * Long.BYTES);
    }
    byte[] rejected = new byte[count];
    byte[] status = new byte[count];
    columns.get(rejected).get(status);
    for (int k = 0; k < count; k++) {
      remember(
          longColumns[0][k],
          longColumns[1][k],
          rejected[k] < 0 ? null : RejectReason.values()[rejected[k]],
          longColumns[2][k],
          status[k] < 0 ? null : OrderStatus.values()[status[k]],
          longColumns[3][k]);
    }
  }

  private void unindex(long commandId) {
    int hole = hash(commandId);
    while (index[2 * hole] != commandId || index[2 * hole + 1] == 0) {
      hole = (hole + 1) & indexMask;
    }
    // Backward-shift deletion: pull later entries of the probe run into the hole.
    int i = hole;
    while (true) {
      i = (i + 1) & indexMask;
      if (index[2 * i + 1] == 0) {
        break;
      }
      int home = hash(index[2 * i]);
      boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeBetween) {
        index[2 * hole] = index[2 * i];
        index[2 * hole + 1] = index[2 * i + 1];
        hole = i;
      }
    }
    index[2 * hole] = 0;
    index[2 * hole + 1] = 0;
  }

  /**
   * Spreads blocks of 8 consecutive keys with a Fibonacci hash but keeps each block together: ids
   * are mostly handed out in sequence, so neighbours share a cache line, while keys with a large
   * common stride still spread.
   */
  private int hash(long key) {
    long h = (key >>> 3) * 0x9E3779B97F4A7C15L;
    return (((int) (h ^ (h >>> 32))) << 3 | (int) (key & 7)) & indexMask;
  }
}

package org.bourse.core;

/**
 * The idempotency memory: the outcome of the last {@code window} commands, by command id. A ring of
 * primitive slots plus two indexes; the oldest id is forgotten when the ring wraps. Outcomes, not
 * events, are kept: a duplicate changes nothing, so it has no events.
 *
 * <p>Ids mostly grow (clients count up), and an id larger than every remembered one cannot be a
 * duplicate. Such an id goes into the <em>ordered</em> index: a FIFO ring of (id, slot) that is
 * sorted because each id was the largest when it came, and that loses its head exactly when the
 * ring slot it names is reused. So the common command touches only sequential memory: no hash probe
 * to find it, none to insert it, none to forget the id it evicts. Any other id (a retry, or one of
 * several clients' interleaved counters) goes into an open-addressing hash index, and a lookup of
 * an id not above the maximum checks the hash index, then binary-searches the ordered one. Which
 * index holds an id never changes the answer, only its cost.
 *
 * <p>The hash index interleaves each command id with its slot number in one {@code long[]} (id at
 * {@code 2i}, slot at {@code 2i + 1}), so a probe touches one cache line instead of two arrays:
 * every command looks up and inserts an id, and every command past the window evicts one.
 */
final class CommandMemory {
  private final long[] commandIds;
  private final long[] sequences;
  private final long[] orderIds;
  private final long[] withdrawalIds;
  private final byte[] rejects;
  private final byte[] statuses;

  /** Whether a slot's id is in the ordered index (else in the hash index). */
  private final boolean[] ordered;

  /** The ordered index: a ring of ids ascending from {@link #orderedHead}, and their slots. */
  private final long[] orderedIds;

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
    commandIds = new long[window];
    sequences = new long[window];
    orderIds = new long[window];
    withdrawalIds = new long[window];
    rejects = new byte[window];
    statuses = new byte[window];
    ordered = new boolean[window];
    orderedIds = new long[window];
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
    if (orderedCount == 0 || commandId < orderedIds[orderedHead]) {
      // Below every ordered id, e.g. the lower of two clients' interleaved counters.
      return -1;
    }
    int lo = 0;
    int hi = orderedCount - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int at = orderedAt(mid);
      long id = orderedIds[at];
      if (id == commandId) {
        return orderedSlots[at];
      } else if (id < commandId) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /** The position in the ordered ring of its {@code k}-th oldest entry. */
  private int orderedAt(int k) {
    int at = orderedHead + k;
    return at >= orderedIds.length ? at - orderedIds.length : at;
  }

  void remember(
      long commandId,
      long sequence,
      RejectReason reject,
      long orderId,
      OrderStatus status,
      long withdrawalId) {
    int slot = next;
    if (size == commandIds.length) {
      if (ordered[slot]) {
        // The oldest slot holds the oldest ordered id, so it is the ordered ring's head.
        orderedHead = orderedAt(1);
        orderedCount--;
      } else {
        unindex(commandIds[slot]);
      }
    } else {
      size++;
    }
    commandIds[slot] = commandId;
    sequences[slot] = sequence;
    orderIds[slot] = orderId;
    withdrawalIds[slot] = withdrawalId;
    rejects[slot] = (byte) (reject == null ? -1 : reject.ordinal());
    statuses[slot] = (byte) (status == null ? -1 : status.ordinal());
    ordered[slot] = commandId > maxCommandId;
    if (ordered[slot]) {
      maxCommandId = commandId;
      int at = orderedAt(orderedCount);
      orderedIds[at] = commandId;
      orderedSlots[at] = slot;
      orderedCount++;
    } else {
      int i = hash(commandId);
      while (index[2 * i + 1] != 0) {
        i = (i + 1) & indexMask;
      }
      index[2 * i] = commandId;
      index[2 * i + 1] = slot + 1;
    }
    next = (slot + 1) % commandIds.length;
  }

  CommandResult duplicateResult(int slot, long timestampMs) {
    int reject = rejects[slot];
    int status = statuses[slot];
    return new CommandResult(
        sequences[slot],
        timestampMs,
        commandIds[slot],
        reject < 0 ? null : RejectReason.values()[reject],
        null,
        orderIds[slot],
        status < 0 ? null : OrderStatus.values()[status],
        withdrawalIds[slot],
        true,
        java.util.List.of());
  }

  /** Feeds the remembered outcomes, oldest first, into a hash. */
  void hashInto(Hasher hasher) {
    hasher.add(size);
    int start = size == commandIds.length ? next : 0;
    for (int k = 0; k < size; k++) {
      int slot = (start + k) % commandIds.length;
      hasher
          .add(commandIds[slot])
          .add(sequences[slot])
          .add(orderIds[slot])
          .add(withdrawalIds[slot])
          .add(rejects[slot])
          .add(statuses[slot]);
    }
  }

  /**
   * Writes the remembered outcomes, oldest first, column by column: the memory is most of a
   * snapshot, and bulk array copies keep its capture on the engine thread short.
   */
  void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
    int start = size == commandIds.length ? next : 0;
    java.nio.ByteBuffer columns = java.nio.ByteBuffer.allocate(size * (4 * Long.BYTES + 2));
    for (long[] column : new long[][] {commandIds, sequences, orderIds, withdrawalIds}) {
      java.nio.LongBuffer longs = columns.asLongBuffer();
      int firstPart = Math.min(size, commandIds.length - start);
      longs.put(column, start, firstPart).put(column, 0, size - firstPart);
      columns.position(columns.position() + size * Long.BYTES);
    }
    for (byte[] column : new byte[][] {rejects, statuses}) {
      int firstPart = Math.min(size, commandIds.length - start);
      columns.put(column, start, firstPart).put(column, 0, size - firstPart);
    }
    out.writeInt(size);
    out.write(columns.array());
  }

  /** Reads what {@link #writeTo} wrote into this empty memory of the same window. */
  void readFrom(java.io.DataInputStream in) throws java.io.IOException {
    int count = in.readInt();
    if (count < 0 || count > commandIds.length || size != 0) {
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

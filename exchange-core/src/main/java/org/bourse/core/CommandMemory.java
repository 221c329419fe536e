package org.bourse.core;

/**
 * The idempotency memory: the outcome of the last {@code window} commands, by command id. A ring of
 * primitive slots plus an open-addressing index of slot numbers; the oldest id is forgotten when
 * the ring wraps. Outcomes, not events, are kept: a duplicate changes nothing, so it has no events.
 */
final class CommandMemory {
  private final long[] commandIds;
  private final long[] sequences;
  private final long[] orderIds;
  private final long[] withdrawalIds;
  private final byte[] rejects;
  private final byte[] statuses;
  private final int[] index;
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
    int capacity = Integer.highestOneBit(Math.max(8, window) * 2 - 1) << 1;
    index = new int[capacity];
    indexMask = capacity - 1;
  }

  int window() {
    return commandIds.length;
  }

  int size() {
    return size;
  }

  /** The slot remembering this command id, or -1. */
  int find(long commandId) {
    for (int i = hash(commandId); ; i = (i + 1) & indexMask) {
      int slot = index[i] - 1;
      if (slot < 0) {
        return -1;
      }
      if (commandIds[slot] == commandId) {
        return slot;
      }
    }
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
      unindex(commandIds[slot]);
    } else {
      size++;
    }
    commandIds[slot] = commandId;
    sequences[slot] = sequence;
    orderIds[slot] = orderId;
    withdrawalIds[slot] = withdrawalId;
    rejects[slot] = (byte) (reject == null ? -1 : reject.ordinal());
    statuses[slot] = (byte) (status == null ? -1 : status.ordinal());
    int i = hash(commandId);
    while (index[i] != 0) {
      i = (i + 1) & indexMask;
    }
    index[i] = slot + 1;
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

  /** Writes the remembered outcomes, oldest first. */
  void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
    out.writeInt(size);
    int start = size == commandIds.length ? next : 0;
    for (int k = 0; k < size; k++) {
      int slot = (start + k) % commandIds.length;
      out.writeLong(commandIds[slot]);
      out.writeLong(sequences[slot]);
      out.writeLong(orderIds[slot]);
      out.writeLong(withdrawalIds[slot]);
      out.writeByte(rejects[slot]);
      out.writeByte(statuses[slot]);
    }
  }

  /** Reads what {@link #writeTo} wrote into this empty memory of the same window. */
  void readFrom(java.io.DataInputStream in) throws java.io.IOException {
    int count = in.readInt();
    if (count < 0 || count > commandIds.length || size != 0) {
      throw new java.io.IOException("idempotency memory of " + count + " entries does not fit");
    }
    for (int k = 0; k < count; k++) {
      long commandId = in.readLong();
      long sequence = in.readLong();
      long orderId = in.readLong();
      long withdrawalId = in.readLong();
      int reject = in.readByte();
      int status = in.readByte();
      remember(
          commandId,
          sequence,
          reject < 0 ? null : RejectReason.values()[reject],
          orderId,
          status < 0 ? null : OrderStatus.values()[status],
          withdrawalId);
    }
  }

  private void unindex(long commandId) {
    int hole = hash(commandId);
    while (commandIds[index[hole] - 1] != commandId) {
      hole = (hole + 1) & indexMask;
    }
    int i = hole;
    while (true) {
      i = (i + 1) & indexMask;
      int slot = index[i] - 1;
      if (slot < 0) {
        break;
      }
      int home = hash(commandIds[slot]);
      boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeBetween) {
        index[hole] = index[i];
        hole = i;
      }
    }
    index[hole] = 0;
  }

  private int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & indexMask;
  }
}

package org.bourse.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes and reads the complete state of an {@link Engine}: everything {@link StateHash} covers, so
 * a restored engine has the same {@code stateHash()} and behaves identically from then on.
 *
 * <p>Layout (all big-endian, after a header written by the caller): config bounds, counters, ledger
 * chain and system accounts, assets, fee schedule, instruments, users with their balances, volumes
 * and open orders (in their list order, with every field), then per book the queue order of each
 * level and the stop list as order ids, then pending withdrawals and the idempotency memory (oldest
 * first).
 */
final class EngineSnapshot {
  static final int VERSION = 1;

  private static final String[] BOUND_NAMES = {
    "maxAssets",
    "maxInstruments",
    "maxUsers",
    "maxOpenOrdersPerUser",
    "maxOrdersPerBook",
    "maxStopOrdersPerInstrument",
    "maxPendingWithdrawals",
    "idempotencyWindow"
  };

  private EngineSnapshot() {}

  /** Every bound that changes what commands do; a snapshot records them and must match. */
  private static int[] bounds(ExchangeConfig c) {
    return new int[] {
      c.maxAssets(),
      c.maxInstruments(),
      c.maxUsers(),
      c.maxOpenOrdersPerUser(),
      c.maxOrdersPerBook(),
      c.maxStopOrdersPerInstrument(),
      c.maxPendingWithdrawals(),
      c.idempotencyWindow()
    };
  }

  static void write(Engine e, DataOutputStream out) throws IOException {
    ExchangeConfig c = e.config;
    for (int bound : bounds(c)) {
      out.writeInt(bound);
    }
    out.writeLong(e.sequence);
    out.writeLong(e.timestampMs);
    out.writeLong(e.nextOrderId);
    out.writeLong(e.nextTradeId);
    out.writeLong(e.nextWithdrawalId);
    out.writeLong(e.ledger.head());
    out.writeLong(e.ledger.entryCount());
    for (int a = 0; a < e.assets.length; a++) {
      out.writeLong(e.ledger.external[a]);
      out.writeLong(e.ledger.fees[a]);
    }
    int assetCount = 0;
    for (Asset asset : e.assets) {
      assetCount += asset == null ? 0 : 1;
    }
    out.writeInt(assetCount);
    for (Asset asset : e.assets) {
      if (asset != null) {
        out.writeInt(asset.assetId());
        out.writeUTF(asset.code());
        out.writeInt(asset.scale());
      }
    }
    writeBlob(out, b -> CommandCodec.putSchedule(b, e.feeSchedule));
    int bookCount = 0;
    for (Book book : e.books) {
      bookCount += book == null ? 0 : 1;
    }
    out.writeInt(bookCount);
    for (Book book : e.books) {
      if (book != null) {
        writeBlob(out, b -> CommandCodec.putSpec(b, book.spec));
        out.writeByte(book.status.ordinal());
        writeBlob(out, b -> CommandCodec.putRates(b, book.feeOverride));
        out.writeLong(book.lastPriceTicks);
        out.writeLong(book.updateId);
      }
    }
    long[] userIds = e.users.sortedKeys();
    out.writeInt(userIds.length);
    for (long userId : userIds) {
      writeUser(out, e.users.get(userId), e.orderHandles);
    }
    for (Book book : e.books) {
      if (book != null) {
        writeSide(out, book.bids, e.orderHandles);
        writeSide(out, book.asks, e.orderHandles);
        out.writeInt(book.stopCount);
        for (int i = 0; i < book.stopCount; i++) {
          out.writeLong(book.stops[i].orderId);
        }
      }
    }
    long[] withdrawalIds = e.withdrawals.sortedKeys();
    out.writeInt(withdrawalIds.length);
    for (long id : withdrawalIds) {
      Withdrawal w = e.withdrawals.get(id);
      out.writeLong(id);
      out.writeLong(w.userId());
      out.writeInt(w.assetId());
      out.writeLong(w.amount());
    }
    e.memory.writeTo(out);
  }

  private static void writeUser(DataOutputStream out, UserState user, OrderHandles handles)
      throws IOException {
    out.writeLong(user.userId);
    out.writeInt(user.assignedTier);
    int nonZero = 0;
    for (int a = 0; a < user.available.length; a++) {
      nonZero += user.available[a] != 0 || user.held[a] != 0 ? 1 : 0;
    }
    out.writeInt(nonZero);
    for (int a = 0; a < user.available.length; a++) {
      if (user.available[a] != 0 || user.held[a] != 0) {
        out.writeInt(a);
        out.writeLong(user.available[a]);
        out.writeLong(user.held[a]);
      }
    }
    for (int i = 0; i < UserState.VOLUME_DAYS; i++) {
      out.writeLong(user.dayNumber[i]);
      out.writeLong(user.dayVolume[i]);
    }
    out.writeInt(user.openCount);
    for (Order o = user.openHead(handles); o != null; o = o.userNext()) {
      out.writeLong(o.orderId);
      out.writeBoolean(o.clientOrderId != null);
      if (o.clientOrderId != null) {
        out.writeUTF(o.clientOrderId);
      }
      out.writeInt(o.book.instrumentId);
      out.writeBoolean(o.buy);
      out.writeByte(o.type().ordinal());
      out.writeByte(o.timeInForce().ordinal());
      out.writeByte(o.stp().ordinal());
      out.writeByte(o.status().ordinal());
      out.writeLong(o.priceTicks);
      out.writeLong(o.stopPriceTicks);
      out.writeLong(o.quantityLots);
      out.writeLong(o.quoteAmount);
      out.writeLong(o.filledLots);
      out.writeLong(o.cumulativeQuote);
      out.writeLong(o.makerPpm);
      out.writeLong(o.takerPpm);
      out.writeLong(o.cumMakerNotional);
      out.writeLong(o.cumTakerNotional);
      out.writeLong(o.feesPaid);
      out.writeLong(o.hold);
      out.writeBoolean(o.triggered);
    }
  }

  private static void writeSide(DataOutputStream out, BookSide side, OrderHandles handles)
      throws IOException {
    out.writeInt(side.levelCount());
    for (int i = side.bestIndex(); i >= 0; i = side.worse(i)) {
      PriceLevel level = side.at(i);
      out.writeLong(level.priceTicks);
      out.writeInt(level.orderCount);
      for (Order o = level.head(handles); o != null; o = o.next()) {
        out.writeLong(o.orderId);
      }
    }
  }

  /**
   * Rebuilds an engine from a snapshot.
   *
   * @param config must have the bounds the snapshot was written with
   * @throws IOException if the stream ends early or the content is inconsistent
   */
  static Engine read(ExchangeConfig config, DataInputStream in) throws IOException {
    int[] expected = bounds(config);
    for (int i = 0; i < expected.length; i++) {
      int written = in.readInt();
      if (written != expected[i]) {
        throw new IOException(
            "snapshot was written with other engine bounds ("
                + BOUND_NAMES[i]
                + " "
                + written
                + ", configured "
                + expected[i]
                + "): replaying under other bounds would give another state");
      }
    }
    Engine e = new Engine(config);
    e.sequence = in.readLong();
    e.timestampMs = in.readLong();
    e.nextOrderId = in.readLong();
    e.nextTradeId = in.readLong();
    e.nextWithdrawalId = in.readLong();
    e.ledger.restoreChain(in.readLong(), in.readLong());
    for (int a = 0; a < e.assets.length; a++) {
      e.ledger.external[a] = in.readLong();
      e.ledger.fees[a] = in.readLong();
    }
    int assetCount = in.readInt();
    for (int i = 0; i < assetCount; i++) {
      Asset asset = new Asset(in.readInt(), in.readUTF(), in.readInt());
      e.assets[asset.assetId()] = asset;
      e.assetsByCode.put(asset.code(), asset);
      e.assetSlots = Math.max(e.assetSlots, asset.assetId() + 1);
    }
    e.feeSchedule = CommandCodec.getSchedule(readBlob(in));
    int bookCount = in.readInt();
    Book[] inOrder = new Book[bookCount];
    for (int i = 0; i < bookCount; i++) {
      InstrumentSpec spec = CommandCodec.getSpec(readBlob(in));
      Instrument derived =
          InstrumentRules.derive(spec, e.assets[spec.baseAssetId()], e.assets[spec.quoteAssetId()]);
      Book book = new Book(spec, derived);
      book.status = InstrumentStatus.values()[in.readByte()];
      book.feeOverride = CommandCodec.getRates(readBlob(in));
      book.lastPriceTicks = in.readLong();
      book.updateId = in.readLong();
      e.books[spec.instrumentId()] = book;
      e.booksBySymbol.put(spec.symbol(), book);
      inOrder[i] = book;
    }
    int userCount = in.readInt();
    for (int i = 0; i < userCount; i++) {
      readUser(e, in);
    }
    for (Book book : inOrder) {
      readSide(e, in, book, book.bids);
      readSide(e, in, book, book.asks);
      int stops = in.readInt();
      for (int i = 0; i < stops; i++) {
        book.addStop(known(e, in.readLong()));
      }
    }
    int withdrawals = in.readInt();
    for (int i = 0; i < withdrawals; i++) {
      Withdrawal w = new Withdrawal(in.readLong(), in.readLong(), in.readInt(), in.readLong());
      e.withdrawals.add(w);
    }
    e.memory.readFrom(in);
    return e;
  }

  private static void readUser(Engine e, DataInputStream in) throws IOException {
    UserState user = new UserState(in.readLong(), e.assetSlots);
    user.assignedTier = in.readInt();
    int nonZero = in.readInt();
    for (int i = 0; i < nonZero; i++) {
      int asset = in.readInt();
      if (asset <= 0 || asset >= e.assetSlots) {
        throw new IOException("snapshot balance for undefined asset " + asset);
      }
      user.available[asset] = in.readLong();
      user.held[asset] = in.readLong();
    }
    for (int i = 0; i < UserState.VOLUME_DAYS; i++) {
      user.dayNumber[i] = in.readLong();
      user.dayVolume[i] = in.readLong();
    }
    e.users.add(user);
    int open = in.readInt();
    for (int i = 0; i < open; i++) {
      Order o = new Order(e.orderHandles);
      o.orderId = in.readLong();
      o.clientOrderId = in.readBoolean() ? in.readUTF() : null;
      o.book = e.books[in.readInt()];
      o.user = user;
      o.buy = in.readBoolean();
      o.type(OrderType.values()[in.readByte()]);
      o.timeInForce(TimeInForce.values()[in.readByte()]);
      o.stp(SelfTradePrevention.values()[in.readByte()]);
      o.status(OrderStatus.values()[in.readByte()]);
      o.priceTicks = in.readLong();
      o.stopPriceTicks = in.readLong();
      o.quantityLots = in.readLong();
      o.quoteAmount = in.readLong();
      o.filledLots = in.readLong();
      o.cumulativeQuote = in.readLong();
      o.makerPpm = in.readLong();
      o.takerPpm = in.readLong();
      o.cumMakerNotional = in.readLong();
      o.cumTakerNotional = in.readLong();
      o.feesPaid = in.readLong();
      o.hold = in.readLong();
      o.triggered = in.readBoolean();
      user.addOpen(o);
      e.openOrders.add(o);
    }
  }

  private static void readSide(Engine e, DataInputStream in, Book book, BookSide side)
      throws IOException {
    int levels = in.readInt();
    for (int rank = 0; rank < levels; rank++) {
      PriceLevel level = side.getOrCreate(in.readLong());
      int orders = in.readInt();
      for (int i = 0; i < orders; i++) {
        level.append(known(e, in.readLong()));
        book.restingOrders++;
      }
    }
  }

  private static Order known(Engine e, long orderId) throws IOException {
    Order order = e.openOrders.get(orderId);
    if (order == null) {
      throw new IOException("snapshot names order " + orderId + " that it does not define");
    }
    return order;
  }

  /** A structure in {@link CommandCodec}'s encoding, length-prefixed. */
  private interface BlobWriter {
    void write(ByteBuffer buffer);
  }

  private static void writeBlob(DataOutputStream out, BlobWriter writer) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CommandCodec.MAX_ENCODED_BYTES * 4);
    writer.write(buffer);
    out.writeInt(buffer.position());
    out.write(buffer.array(), 0, buffer.position());
  }

  private static ByteBuffer readBlob(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > CommandCodec.MAX_ENCODED_BYTES * 4) {
      throw new IOException("snapshot blob of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes);
  }
}

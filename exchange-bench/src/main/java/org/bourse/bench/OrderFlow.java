package org.bourse.bench;

import java.util.Arrays;

/**
 * A generated order flow in an engine-neutral form, one command per index, in parallel primitive
 * arrays so that millions of commands stay compact and can be translated into each engine's own
 * command objects before a measurement starts.
 *
 * <p>Orders are named by <em>handles</em>: 1, 2, 3, … in the order of the place commands. The
 * handle is exchange-core's order id (it lets the client choose), and it is also the id Bourse will
 * assign, because Bourse numbers accepted orders 1, 2, 3, … and the flow is built so that every
 * place is accepted (users are funded far beyond what their orders can hold). The drivers check
 * that prediction on every result and count any mismatch.
 *
 * <p>The first {@link #fillCount} commands are the fill phase (GTC orders that build the books up
 * to their target); the rest is the measured part.
 */
final class OrderFlow {
  static final byte GTC = 0;
  static final byte IOC = 1;
  static final byte CANCEL = 2;
  static final byte MOVE = 3;
  static final byte REDUCE = 4;

  /** Quote units each user is funded with: far beyond any hold the flow can ask for. */
  static final long QUOTE_FUNDING = 100_000_000_000_000L;

  /** Base units each user is funded with. */
  static final long BASE_FUNDING = 10_000_000_000L;

  final FlowSpec spec;
  final int size;
  final int fillCount;

  /** One of {@link #GTC}, {@link #IOC}, {@link #CANCEL}, {@link #MOVE}, {@link #REDUCE}. */
  final byte[] kind;

  /** The instrument (Bourse) or symbol (exchange-core) id, 1-based. */
  final int[] symbol;

  final long[] user;
  final long[] handle;

  /** For places: whether the order buys. For the other kinds: the side of the order they name. */
  final boolean[] buy;

  /** The limit price of a place, or the new price of a move, ticks; 0 otherwise. */
  final long[] price;

  /** The quantity of a place, or by how much a reduce shrinks the order, lots; 0 otherwise. */
  final long[] lots;

  /**
   * For a reduce: the order's new total quantity including what has filled, which is what Bourse's
   * amend takes (exchange-core takes the reduction itself).
   */
  final long[] newTotalLots;

  /**
   * The trade tape the generator's own reference book produced, four longs per trade: maker handle,
   * taker handle, price ticks, lots; in order. A third opinion for the differential check.
   */
  final long[] tape;

  private OrderFlow(Builder b) {
    this.spec = b.spec;
    this.size = b.size;
    this.fillCount = b.fillCount;
    this.kind = Arrays.copyOf(b.kind, size);
    this.symbol = Arrays.copyOf(b.symbol, size);
    this.user = Arrays.copyOf(b.user, size);
    this.handle = Arrays.copyOf(b.handle, size);
    this.buy = Arrays.copyOf(b.buy, size);
    this.price = Arrays.copyOf(b.price, size);
    this.lots = Arrays.copyOf(b.lots, size);
    this.newTotalLots = Arrays.copyOf(b.newTotalLots, size);
    this.tape = Arrays.copyOf(b.tape, b.tapeLength);
  }

  /** Whether command {@code i} places an order. */
  boolean isPlace(int i) {
    return kind[i] == GTC || kind[i] == IOC;
  }

  /** How many trades the generator's reference book produced. */
  int referenceTrades() {
    return tape.length / 4;
  }

  /** How many commands of a kind lie in {@code [from, to)}. */
  int count(byte k, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += kind[i] == k ? 1 : 0;
    }
    return n;
  }

  /** The measured part's proportions, e.g. "GTC 5.1%, IOC 2.4%, cancel 2.5%, move 87.5%, …". */
  String proportions() {
    int n = size - fillCount;
    if (n == 0) {
      return "empty";
    }
    String[] names = {"GTC", "IOC", "cancel", "move", "reduce"};
    StringBuilder sb = new StringBuilder();
    for (byte k = GTC; k <= REDUCE; k++) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(names[k])
          .append(' ')
          .append(String.format("%.1f%%", 100.0 * count(k, fillCount, size) / n));
    }
    return sb.toString();
  }

  /** Collects commands; arrays grow as needed. */
  static final class Builder {
    private final FlowSpec spec;
    private int size;
    private int fillCount;
    private byte[] kind;
    private int[] symbol;
    private long[] user;
    private long[] handle;
    private boolean[] buy;
    private long[] price;
    private long[] lots;
    private long[] newTotalLots;
    private long[] tape = new long[1024];
    private int tapeLength;

    Builder(FlowSpec spec, int expectedSize) {
      this.spec = spec;
      int capacity = Math.max(16, expectedSize);
      kind = new byte[capacity];
      symbol = new int[capacity];
      user = new long[capacity];
      handle = new long[capacity];
      buy = new boolean[capacity];
      price = new long[capacity];
      lots = new long[capacity];
      newTotalLots = new long[capacity];
    }

    int size() {
      return size;
    }

    /** Marks the end of the fill phase at the current size. */
    void endFill() {
      fillCount = size;
    }

    void add(
        byte k, int sym, long userId, long orderHandle, boolean isBuy, long p, long q, long total) {
      if (size == kind.length) {
        int capacity = size * 2;
        kind = Arrays.copyOf(kind, capacity);
        symbol = Arrays.copyOf(symbol, capacity);
        user = Arrays.copyOf(user, capacity);
        handle = Arrays.copyOf(handle, capacity);
        buy = Arrays.copyOf(buy, capacity);
        price = Arrays.copyOf(price, capacity);
        lots = Arrays.copyOf(lots, capacity);
        newTotalLots = Arrays.copyOf(newTotalLots, capacity);
      }
      kind[size] = k;
      symbol[size] = sym;
      user[size] = userId;
      handle[size] = orderHandle;
      buy[size] = isBuy;
      price[size] = p;
      lots[size] = q;
      newTotalLots[size] = total;
      size++;
    }

    void trade(long makerHandle, long takerHandle, long priceTicks, long tradeLots) {
      if (tapeLength + 4 > tape.length) {
        tape = Arrays.copyOf(tape, tape.length * 2);
      }
      tape[tapeLength++] = makerHandle;
      tape[tapeLength++] = takerHandle;
      tape[tapeLength++] = priceTicks;
      tape[tapeLength++] = tradeLots;
    }

    OrderFlow build() {
      return new OrderFlow(this);
    }
  }
}

package org.bourse.core;

import java.util.List;
import java.util.Optional;

/**
 * The view of an engine that {@link ExchangeRuntime#query} hands out: every query, but no {@link
 * #apply}, since a change made there would bypass the journal and be lost on restart.
 */
final class ReadOnlyExchange implements Exchange {
  private final Exchange engine;

  ReadOnlyExchange(Exchange engine) {
    this.engine = engine;
  }

  @Override
  public CommandResult apply(long timestampMs, Command command) {
    throw new ExchangeException(
        "queries cannot apply commands: submit them, so they are journaled");
  }

  @Override
  public long lastSequence() {
    return engine.lastSequence();
  }

  @Override
  public long lastTimestampMs() {
    return engine.lastTimestampMs();
  }

  @Override
  public long stateHash() {
    return engine.stateHash();
  }

  @Override
  public void verify() {
    engine.verify();
  }

  @Override
  public long ledgerHash() {
    return engine.ledgerHash();
  }

  @Override
  public Optional<Asset> asset(int assetId) {
    return engine.asset(assetId);
  }

  @Override
  public Optional<Asset> asset(String code) {
    return engine.asset(code);
  }

  @Override
  public Optional<Instrument> instrument(int instrumentId) {
    return engine.instrument(instrumentId);
  }

  @Override
  public Optional<Instrument> instrument(String symbol) {
    return engine.instrument(symbol);
  }

  @Override
  public Optional<OrderState> order(long orderId) {
    return engine.order(orderId);
  }

  @Override
  public Optional<OrderState> order(long userId, String clientOrderId) {
    return engine.order(userId, clientOrderId);
  }

  @Override
  public List<OrderState> openOrders(long userId) {
    return engine.openOrders(userId);
  }

  @Override
  public List<OrderState> openOrders(long userId, int instrumentId) {
    return engine.openOrders(userId, instrumentId);
  }

  @Override
  public boolean hasUser(long userId) {
    return engine.hasUser(userId);
  }

  @Override
  public Balance balance(long userId, int assetId) {
    return engine.balance(userId, assetId);
  }

  @Override
  public long systemBalance(AccountKind account, int assetId) {
    return engine.systemBalance(account, assetId);
  }

  @Override
  public Depth depth(int instrumentId, int levels) {
    return engine.depth(instrumentId, levels);
  }

  @Override
  public long bestBidTicks(int instrumentId) {
    return engine.bestBidTicks(instrumentId);
  }

  @Override
  public long bestAskTicks(int instrumentId) {
    return engine.bestAskTicks(instrumentId);
  }

  @Override
  public long lastPriceTicks(int instrumentId) {
    return engine.lastPriceTicks(instrumentId);
  }

  @Override
  public long volume30d(long userId) {
    return engine.volume30d(userId);
  }

  @Override
  public int feeTier(long userId) {
    return engine.feeTier(userId);
  }
}

package org.bourse.core.model;

import org.bourse.core.Command;

/** Copies a command with another command id; the generator builds commands first, ids last. */
final class CommandIds {
  private CommandIds() {}

  static Command with(Command c, long id) {
    if (c instanceof Command.PlaceOrder) {
      Command.PlaceOrder p = (Command.PlaceOrder) c;
      return new Command.PlaceOrder(
          id,
          p.userId(),
          p.instrumentId(),
          p.clientOrderId(),
          p.side(),
          p.type(),
          p.timeInForce(),
          p.priceTicks(),
          p.quantityLots(),
          p.quoteAmount(),
          p.stopPriceTicks(),
          p.selfTradePrevention());
    } else if (c instanceof Command.CancelOrder) {
      Command.CancelOrder x = (Command.CancelOrder) c;
      return new Command.CancelOrder(id, x.userId(), x.orderId(), x.clientOrderId());
    } else if (c instanceof Command.AmendOrder) {
      Command.AmendOrder x = (Command.AmendOrder) c;
      return new Command.AmendOrder(
          id, x.userId(), x.orderId(), x.clientOrderId(), x.newPriceTicks(), x.newQuantityLots());
    } else if (c instanceof Command.CancelAll) {
      Command.CancelAll x = (Command.CancelAll) c;
      return new Command.CancelAll(id, x.userId(), x.instrumentId());
    } else if (c instanceof Command.Deposit) {
      Command.Deposit x = (Command.Deposit) c;
      return new Command.Deposit(id, x.userId(), x.assetId(), x.amount());
    } else if (c instanceof Command.Transfer) {
      Command.Transfer x = (Command.Transfer) c;
      return new Command.Transfer(id, x.fromUserId(), x.toUserId(), x.assetId(), x.amount());
    } else if (c instanceof Command.RequestWithdrawal) {
      Command.RequestWithdrawal x = (Command.RequestWithdrawal) c;
      return new Command.RequestWithdrawal(id, x.userId(), x.assetId(), x.amount());
    } else if (c instanceof Command.CompleteWithdrawal) {
      return new Command.CompleteWithdrawal(id, ((Command.CompleteWithdrawal) c).withdrawalId());
    } else if (c instanceof Command.CancelWithdrawal) {
      return new Command.CancelWithdrawal(id, ((Command.CancelWithdrawal) c).withdrawalId());
    } else if (c instanceof Command.AddUser) {
      return new Command.AddUser(id, ((Command.AddUser) c).userId());
    } else if (c instanceof Command.DefineAsset) {
      Command.DefineAsset x = (Command.DefineAsset) c;
      return new Command.DefineAsset(id, x.assetId(), x.code(), x.scale());
    } else if (c instanceof Command.DefineInstrument) {
      return new Command.DefineInstrument(id, ((Command.DefineInstrument) c).spec());
    } else if (c instanceof Command.SetInstrumentStatus) {
      Command.SetInstrumentStatus x = (Command.SetInstrumentStatus) c;
      return new Command.SetInstrumentStatus(id, x.instrumentId(), x.status());
    } else if (c instanceof Command.SetInstrumentFees) {
      Command.SetInstrumentFees x = (Command.SetInstrumentFees) c;
      return new Command.SetInstrumentFees(id, x.instrumentId(), x.rates());
    } else if (c instanceof Command.SetFeeSchedule) {
      return new Command.SetFeeSchedule(id, ((Command.SetFeeSchedule) c).schedule());
    } else if (c instanceof Command.AssignFeeTier) {
      Command.AssignFeeTier x = (Command.AssignFeeTier) c;
      return new Command.AssignFeeTier(id, x.userId(), x.tier());
    }
    throw new IllegalArgumentException("unknown command " + c);
  }
}

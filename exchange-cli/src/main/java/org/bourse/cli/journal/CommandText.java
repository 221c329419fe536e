package org.bourse.cli.journal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import org.bourse.core.Command;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeTier;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.JournalRecord;

/**
 * One journal record as one line of text: sequence, ISO-8601 UTC timestamp, command type and its
 * fields as {@code name=value}, with enums (side, type, time in force, status) bare.
 *
 * <p>Values are the engine's units: prices in ticks, quantities in lots, amounts in minor units.
 * Optional fields are left out when unset (0 or null), as the command defines them: a market order
 * shows no price, an amendment only what it changes, a cancel the order id or the client order id
 * it names. A command type added to the engine later, and not yet known here, is shown as its
 * record string rather than failing the dump.
 */
final class CommandText {
  /**
   * Always three fraction digits, so that timestamps line up (ISO_INSTANT drops zero fractions).
   */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CommandText() {}

  /** The record's line, e.g. {@code 42 2026-11-26T03:00:00.123Z PlaceOrder cmd=17 user=3 …}. */
  static String line(JournalRecord record) {
    return record.sequence()
        + " "
        + TIMESTAMP.format(Instant.ofEpochMilli(record.timestampMs()))
        + " "
        + command(record.command());
  }

  /** The command's type and fields. */
  static String command(Command command) {
    StringBuilder text = new StringBuilder(96);
    text.append(command.getClass().getSimpleName()).append(" cmd=").append(command.commandId());
    // Java 17 has no pattern matching for switch; the chain ends in a fallback for new types.
    if (command instanceof Command.PlaceOrder) {
      placeOrder(text, (Command.PlaceOrder) command);
    } else if (command instanceof Command.CancelOrder) {
      Command.CancelOrder cancel = (Command.CancelOrder) command;
      text.append(" user=").append(cancel.userId());
      orderRef(text, cancel.orderId(), cancel.clientOrderId());
    } else if (command instanceof Command.AmendOrder) {
      Command.AmendOrder amend = (Command.AmendOrder) command;
      text.append(" user=").append(amend.userId());
      orderRef(text, amend.orderId(), amend.clientOrderId());
      optional(text, "price", amend.newPriceTicks());
      optional(text, "qty", amend.newQuantityLots());
    } else if (command instanceof Command.CancelAll) {
      Command.CancelAll cancelAll = (Command.CancelAll) command;
      text.append(" user=").append(cancelAll.userId()).append(" instrument=");
      text.append(cancelAll.instrumentId() == 0 ? "all" : cancelAll.instrumentId());
    } else if (command instanceof Command.Deposit) {
      Command.Deposit deposit = (Command.Deposit) command;
      userAssetAmount(text, deposit.userId(), deposit.assetId(), deposit.amount());
    } else if (command instanceof Command.RequestWithdrawal) {
      Command.RequestWithdrawal request = (Command.RequestWithdrawal) command;
      userAssetAmount(text, request.userId(), request.assetId(), request.amount());
    } else if (command instanceof Command.CompleteWithdrawal) {
      text.append(" withdrawal=").append(((Command.CompleteWithdrawal) command).withdrawalId());
    } else if (command instanceof Command.CancelWithdrawal) {
      text.append(" withdrawal=").append(((Command.CancelWithdrawal) command).withdrawalId());
    } else if (command instanceof Command.Transfer) {
      Command.Transfer transfer = (Command.Transfer) command;
      text.append(" from=").append(transfer.fromUserId()).append(" to=");
      text.append(transfer.toUserId()).append(" asset=").append(transfer.assetId());
      text.append(" amount=").append(transfer.amount());
    } else if (command instanceof Command.AddUser) {
      text.append(" user=").append(((Command.AddUser) command).userId());
    } else if (command instanceof Command.AssignFeeTier) {
      Command.AssignFeeTier assign = (Command.AssignFeeTier) command;
      text.append(" user=").append(assign.userId()).append(" tier=");
      text.append(assign.tier() < 0 ? "by-volume" : Integer.toString(assign.tier()));
    } else {
      definition(text, command);
    }
    return text.toString();
  }

  private static void placeOrder(StringBuilder text, Command.PlaceOrder order) {
    text.append(" user=").append(order.userId());
    text.append(" instrument=").append(order.instrumentId());
    text.append(' ').append(order.side());
    text.append(' ').append(order.type());
    text.append(' ').append(order.timeInForce());
    optional(text, "price", order.priceTicks());
    optional(text, "qty", order.quantityLots());
    optional(text, "quote", order.quoteAmount());
    optional(text, "stop", order.stopPriceTicks());
    if (order.clientOrderId() != null) {
      text.append(" client=").append(order.clientOrderId());
    }
    if (order.selfTradePrevention() != null) {
      text.append(" stp=").append(order.selfTradePrevention());
    }
  }

  /** The commands that define the venue: rare, so clarity beats compactness. */
  private static void definition(StringBuilder text, Command command) {
    if (command instanceof Command.DefineAsset) {
      Command.DefineAsset asset = (Command.DefineAsset) command;
      text.append(" asset=").append(asset.assetId()).append(" code=").append(asset.code());
      text.append(" scale=").append(asset.scale());
    } else if (command instanceof Command.DefineInstrument) {
      instrument(text, ((Command.DefineInstrument) command).spec());
    } else if (command instanceof Command.SetInstrumentStatus) {
      Command.SetInstrumentStatus status = (Command.SetInstrumentStatus) command;
      text.append(" instrument=").append(status.instrumentId()).append(' ');
      text.append(status.status());
    } else if (command instanceof Command.SetInstrumentFees) {
      Command.SetInstrumentFees fees = (Command.SetInstrumentFees) command;
      text.append(" instrument=").append(fees.instrumentId());
      if (fees.rates() == null) {
        text.append(" rates=schedule");
      } else {
        rates(text.append(' '), fees.rates());
      }
    } else if (command instanceof Command.SetFeeSchedule) {
      Command.SetFeeSchedule schedule = (Command.SetFeeSchedule) command;
      text.append(" volumeAsset=").append(schedule.schedule().volumeAssetId()).append(" tiers=[");
      text.append(
          schedule.schedule().tiers().stream()
              .map(CommandText::tier)
              .collect(Collectors.joining(", ")));
      text.append(']');
    } else {
      // A command type this tool does not know yet: still show everything it carries.
      text.setLength(0);
      text.append(command);
    }
  }

  private static void instrument(StringBuilder text, InstrumentSpec spec) {
    text.append(" instrument=").append(spec.instrumentId());
    text.append(" symbol=").append(spec.symbol());
    text.append(" base=").append(spec.baseAssetId());
    text.append(" quote=").append(spec.quoteAssetId());
    text.append(" tick=").append(spec.tickSize().toPlainString());
    text.append(" lot=").append(spec.lotSize().toPlainString());
    text.append(" minQty=").append(spec.minQuantity().toPlainString());
    text.append(" maxQty=").append(spec.maxQuantity().toPlainString());
    text.append(" maxPrice=").append(spec.maxPrice().toPlainString());
    text.append(" minNotional=").append(spec.minNotional().toPlainString());
    text.append(" stp=").append(spec.defaultSelfTradePrevention());
    text.append(' ').append(spec.status());
  }

  private static String tier(FeeTier tier) {
    return rates(new StringBuilder("from=").append(tier.minVolume30d()).append(' '), tier.rates())
        .toString();
  }

  private static StringBuilder rates(StringBuilder text, FeeRates rates) {
    return text.append("maker=")
        .append(rates.makerPpm())
        .append("ppm taker=")
        .append(rates.takerPpm())
        .append("ppm");
  }

  private static void orderRef(StringBuilder text, long orderId, String clientOrderId) {
    if (orderId != 0) {
      text.append(" order=").append(orderId);
    } else {
      text.append(" client=").append(clientOrderId);
    }
  }

  private static void userAssetAmount(StringBuilder text, long userId, int assetId, long amount) {
    text.append(" user=").append(userId).append(" asset=").append(assetId);
    text.append(" amount=").append(amount);
  }

  private static void optional(StringBuilder text, String name, long value) {
    if (value != 0) {
      text.append(' ').append(name).append('=').append(value);
    }
  }
}

package org.bourse.cli.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.JournalRecord;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.junit.jupiter.api.Test;

class CommandTextTest {

  @Test
  void shouldPrintSequenceUtcTimestampWithMillisecondsAndTheCommand() {
    // given: 2026-11-26T03:00:00Z, and once more with a whole second
    JournalRecord record =
        new JournalRecord(
            42, 1_795_662_000_123L, Command.PlaceOrder.limit(17, 3, 1, Side.BUY, 50_010, 5));
    JournalRecord whole = new JournalRecord(43, 1_795_662_000_000L, new Command.AddUser(18, 4));

    // then
    assertEquals(
        "42 2026-11-26T03:00:00.123Z PlaceOrder cmd=17 user=3 instrument=1 BUY LIMIT GTC"
            + " price=50010 qty=5",
        CommandText.line(record));
    assertEquals("43 2026-11-26T03:00:00.000Z AddUser cmd=18 user=4", CommandText.line(whole));
  }

  @Test
  void shouldShowOnlyTheFieldsAnOrderSets() {
    // given
    Command byQuote = Command.PlaceOrder.marketQuote(1, 2, 3, Side.SELL, 123_456);
    Command stop =
        Command.PlaceOrder.limit(4, 5, 6, Side.SELL, 990, 7)
            .withType(OrderType.STOP_LOSS_LIMIT)
            .withStopPrice(1_000)
            .withClientOrderId("s-1")
            .withSelfTradePrevention(SelfTradePrevention.EXPIRE_BOTH);
    Command fok =
        Command.PlaceOrder.limit(8, 9, 1, Side.BUY, 10, 2).withTimeInForce(TimeInForce.FOK);

    // then
    assertEquals(
        "PlaceOrder cmd=1 user=2 instrument=3 SELL MARKET IOC quote=123456",
        CommandText.command(byQuote));
    assertEquals(
        "PlaceOrder cmd=4 user=5 instrument=6 SELL STOP_LOSS_LIMIT GTC price=990 qty=7 stop=1000"
            + " client=s-1 stp=EXPIRE_BOTH",
        CommandText.command(stop));
    assertEquals(
        "PlaceOrder cmd=8 user=9 instrument=1 BUY LIMIT FOK price=10 qty=2",
        CommandText.command(fok));
  }

  @Test
  void shouldNameTheOrderACancelOrAmendmentActsOn() {
    // then
    assertEquals(
        "CancelOrder cmd=1 user=2 order=77",
        CommandText.command(new Command.CancelOrder(1, 2, 77, null)));
    assertEquals(
        "CancelOrder cmd=1 user=2 client=c9",
        CommandText.command(new Command.CancelOrder(1, 2, 0, "c9")));
    assertEquals(
        "AmendOrder cmd=3 user=2 order=77 qty=4",
        CommandText.command(new Command.AmendOrder(3, 2, 77, null, 0, 4)));
    assertEquals(
        "AmendOrder cmd=3 user=2 client=c9 price=101",
        CommandText.command(new Command.AmendOrder(3, 2, 0, "c9", 101, 0)));
    assertEquals(
        "CancelAll cmd=5 user=2 instrument=all",
        CommandText.command(new Command.CancelAll(5, 2, 0)));
    assertEquals(
        "CancelAll cmd=5 user=2 instrument=3", CommandText.command(new Command.CancelAll(5, 2, 3)));
  }

  @Test
  void shouldPrintWalletCommands() {
    // then
    assertEquals(
        "Deposit cmd=1 user=2 asset=3 amount=400",
        CommandText.command(new Command.Deposit(1, 2, 3, 400)));
    assertEquals(
        "RequestWithdrawal cmd=1 user=2 asset=3 amount=400",
        CommandText.command(new Command.RequestWithdrawal(1, 2, 3, 400)));
    assertEquals(
        "CompleteWithdrawal cmd=4 withdrawal=9",
        CommandText.command(new Command.CompleteWithdrawal(4, 9)));
    assertEquals(
        "CancelWithdrawal cmd=4 withdrawal=9",
        CommandText.command(new Command.CancelWithdrawal(4, 9)));
    assertEquals(
        "Transfer cmd=5 from=2 to=6 asset=3 amount=10",
        CommandText.command(new Command.Transfer(5, 2, 6, 3, 10)));
  }

  @Test
  void shouldPrintVenueDefinitions() {
    // given
    InstrumentSpec spec =
        InstrumentSpec.of(1, "BTCUSDT", 1, 2, "0.01", "0.0001", "0.0001", "9000", "1000000");
    FeeSchedule schedule =
        new FeeSchedule(
            2,
            List.of(
                new FeeTier(0, new FeeRates(1_000, 1_000)),
                new FeeTier(5_000, new FeeRates(-100, 500))));

    // then
    assertEquals(
        "DefineAsset cmd=1 asset=2 code=USDT scale=6",
        CommandText.command(new Command.DefineAsset(1, 2, "USDT", 6)));
    assertEquals(
        "DefineInstrument cmd=2 instrument=1 symbol=BTCUSDT base=1 quote=2 tick=0.01 lot=0.0001"
            + " minQty=0.0001 maxQty=9000 maxPrice=1000000 minNotional=0 stp=EXPIRE_TAKER TRADING",
        CommandText.command(new Command.DefineInstrument(2, spec)));
    assertEquals(
        "SetInstrumentStatus cmd=3 instrument=1 HALTED",
        CommandText.command(new Command.SetInstrumentStatus(3, 1, InstrumentStatus.HALTED)));
    assertEquals(
        "SetInstrumentFees cmd=4 instrument=1 maker=0ppm taker=200ppm",
        CommandText.command(new Command.SetInstrumentFees(4, 1, new FeeRates(0, 200))));
    assertEquals(
        "SetInstrumentFees cmd=4 instrument=1 rates=schedule",
        CommandText.command(new Command.SetInstrumentFees(4, 1, null)));
    assertEquals(
        "SetFeeSchedule cmd=5 volumeAsset=2 tiers=[from=0 maker=1000ppm taker=1000ppm, from=5000"
            + " maker=-100ppm taker=500ppm]",
        CommandText.command(new Command.SetFeeSchedule(5, schedule)));
    assertEquals(
        "AssignFeeTier cmd=6 user=7 tier=2",
        CommandText.command(new Command.AssignFeeTier(6, 7, 2)));
    assertEquals(
        "AssignFeeTier cmd=6 user=7 tier=by-volume",
        CommandText.command(new Command.AssignFeeTier(6, 7, -1)));
  }
}

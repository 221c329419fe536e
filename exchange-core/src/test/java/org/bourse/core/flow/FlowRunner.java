package org.bourse.core.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeEvent;

/**
 * Runs a golden order flow: a plain-text table of commands, each followed by what the exchange
 * answered, and the state at the end. Running a flow file yields the file as it should be; a test
 * compares that with the file on disk, and {@code -Dflows.update=true} writes it back for review in
 * {@code git diff}.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * # Comments start with '#'. The first comment line names the flow's behaviour.
 * config maxOpenOrdersPerUser=2          optional, before any command: ExchangeConfig bounds
 *                                        (maxAssets, maxInstruments, maxUsers, maxOpenOrdersPerUser,
 *                                        maxOrdersPerBook, maxStopOrdersPerInstrument,
 *                                        maxPendingWithdrawals, idempotencyWindow)
 * &#64;2026-01-01T00:00:00Z                  sets the clock (this is where it starts by default)
 * deposit u1 USDT 1000                   a command, at column 0
 *   ok                                   its output, indented by two spaces: generated
 *   ledger #1 DEPOSIT: EXTERNAL -1000 USDT, u1 AVAILABLE +1000 USDT
 *   balance u1 USDT available=1000 held=0
 * &#64;+1d                                   advances the clock (d, h, m, s, ms)
 * ? tiers                                a query: its answer is output too (? balances, ? tiers)
 * ...
 * == book BTCUSDT TRADING last=30000     from the first '==' line to the end: generated
 * </pre>
 *
 * Comment, blank, {@code config}, {@code @} and {@code ?} lines and commands are input; indented
 * lines and everything from the first {@code ==} line are output and regenerated. Output never
 * depends on map iteration order or the wall clock: users, assets and instruments are listed in id
 * order, and every command carries the flow's own clock.
 *
 * <h2>Commands</h2>
 *
 * Numbers are decimals of the asset or instrument, and the command goes through {@link
 * org.bourse.core.DecimalExchange} (so an off-step price is rejected at the edge), except after the
 * prefix {@code raw}: then prices are ticks, quantities lots and amounts minor units, and the
 * command is applied to the {@link Exchange} directly, with the command id {@code id=N} if given
 * (for idempotency and invalid ids) or else the next sequence number, the id the decimal layer uses
 * too. Users are {@code u1}, orders {@code #3}, withdrawals {@code w1}; an asset or instrument is
 * named by code or symbol, or by a number for an id that may not exist.
 *
 * <pre>
 * asset 1 BTC 8                                  define an asset: id, code, scale
 * instrument 1 BTCUSDT BTC/USDT tick=0.01 lot=0.0001 min=0.0001 max=1000 maxPrice=1000000
 *     [minNotional=10] [stp=EXPIRE_MAKER] [status=HALTED]        (on one line)
 * user u1
 * deposit u1 USDT 1000          withdraw u1 USDT 100  (request: held until complete or cancel)
 * withdraw-complete w1          withdraw-cancel w1
 * transfer u1 u2 USDT 10
 * buy u1 BTCUSDT 0.5 @ 30000                     LIMIT GTC (the type defaults to LIMIT with '@')
 * sell u1 BTCUSDT 0.5                            MARKET by quantity (the default without '@')
 * buy u1 BTCUSDT MARKET quote=1000               MARKET by quote amount
 * sell u1 BTCUSDT STOP_LOSS_LIMIT 0.5 @ 29000 stop=29500 tif=IOC coid=my-1 stp=NONE
 *                                                 TIF defaults: GTC with a limit price, else IOC
 * cancel u1 #3                  cancel u1 coid=my-1
 * cancel-all u1 [BTCUSDT]
 * amend u1 #3 [price=30100] [qty=0.4]            (raw: also amend u1 coid=my-1 ...)
 * halt BTCUSDT                  resume BTCUSDT
 * fees USDT 0=1000/2000 1000000=500/1500         schedule: volume asset, then MINVOLUME=MAKER/TAKER
 *                                                 ppm per tier (a negative maker rate is a rebate)
 * instrument-fees BTCUSDT -100/500               override for every tier; "none" clears it
 * tier u1 2                     tier u1 volume   assign a tier, or return to volume-based tiers
 * </pre>
 *
 * <h2>Output</h2>
 *
 * Under each command: the result ({@code ok}, {@code rejected REASON}, {@code rejected at edge
 * REASON: message} for a refusal of the decimal layer, {@code duplicate of seq N: ...}), then every
 * event in order: {@code order} (id, status, owner, what it is, {@code filled/quote/fees} once it
 * traded, {@code stp=} only when not the instrument's default), {@code trade} (maker's price; fees
 * in quote, negative for a rebate), {@code ledger} (entry id, kind, postings), {@code depth} (a
 * level's new total), {@code triggered}, {@code instrument}, {@code balance}. A line starting with
 * {@code !!} means something a correct exchange never does: {@link Exchange#verify()} failed after
 * the command, the engine threw, or the result names the wrong command.
 *
 * <p>At the end: each book (asks from the highest down, then bids, with order counts), every open
 * order, every non-zero user account, the non-zero system accounts EXTERNAL and FEES, and the fee
 * tier and 30-day volume of each user who has either.
 *
 * <h2>Expectations are what a correct exchange does</h2>
 *
 * Update mode writes what the engine does; read the diff against DESIGN.md before committing it.
 * Where the engine is wrong, keep the correct expectation by hand so the flow fails until the
 * engine is fixed.
 */
public final class FlowRunner {
  private FlowRunner() {}

  /** What running a flow produced. */
  public record Outcome(List<String> lines, long stateHash) {}

  /**
   * Runs the commands of a flow file and renders the file with fresh output.
   *
   * @throws FlowSyntaxException naming the line that cannot be read
   */
  public static Outcome run(List<String> source) {
    List<String> out = new ArrayList<>();
    ExchangeConfig config = ExchangeConfig.defaults();
    FlowInterpreter flow = null;
    for (int n = 0; n < source.size(); n++) {
      String line = source.get(n).stripTrailing();
      if (line.startsWith("==")) {
        break;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        out.add(line);
        continue;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      out.add(line);
      try {
        if (line.startsWith("config ")) {
          if (flow != null) {
            throw new FlowSyntaxException("config must come before the first command");
          }
          List<String> tokens = Arrays.asList(line.split("\\s+"));
          config = FlowInterpreter.config(tokens.subList(1, tokens.size()));
          continue;
        }
        if (flow == null) {
          flow = new FlowInterpreter(config);
        }
        if (line.startsWith("@")) {
          flow.setClock(line.substring(1).trim());
          continue;
        }
        if (line.startsWith("?")) {
          for (String output : orNone(query(flow, line.substring(1).trim(), config))) {
            out.add("  " + output);
          }
          continue;
        }
        for (String output : execute(flow, line)) {
          out.add("  " + output);
        }
      } catch (FlowSyntaxException e) {
        throw new FlowSyntaxException("line " + (n + 1) + ": " + e.getMessage() + ": " + line);
      }
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    if (flow == null) {
      flow = new FlowInterpreter(config);
    }
    FlowFormat format = new FlowFormat(flow.exchange());
    out.add("");
    out.addAll(format.books(config.maxInstruments()));
    out.add("== open orders");
    out.addAll(orNone(format.openOrders(flow.users())));
    out.add("== balances");
    out.addAll(orNone(format.balances(flow.users(), config.maxAssets())));
    out.add("== fee tiers");
    out.addAll(orNone(format.tiers(flow.users(), flow.volumeAssetId())));
    return new Outcome(out, flow.exchange().stateHash());
  }

  /** {@code ? balances} or {@code ? tiers}: the same lines as the final section, mid-flow. */
  private static List<String> query(FlowInterpreter flow, String what, ExchangeConfig config) {
    FlowFormat format = new FlowFormat(flow.exchange());
    switch (what) {
      case "balances":
        return format.balances(flow.users(), config.maxAssets());
      case "tiers":
        return format.tiers(flow.users(), flow.volumeAssetId());
      default:
        throw new FlowSyntaxException("unknown query '" + what + "' (balances, tiers)");
    }
  }

  private static List<String> orNone(List<String> lines) {
    return lines.isEmpty() ? List.of("(none)") : lines;
  }

  /** Executes one command and renders its result, its events and any broken rule. */
  private static List<String> execute(FlowInterpreter flow, String line) {
    Exchange exchange = flow.exchange();
    FlowFormat format = new FlowFormat(exchange);
    List<String> lines = new ArrayList<>();
    long sequenceBefore = exchange.lastSequence();
    FlowInterpreter.Executed executed;
    try {
      executed = flow.execute(line);
    } catch (FlowSyntaxException e) {
      throw e;
    } catch (RuntimeException e) {
      lines.add("!! exception: " + e);
      return lines;
    }
    CommandResult result = executed.result();
    lines.add(format.result(result));
    for (ExchangeEvent event : result.events()) {
      lines.add(format.event(event, result));
    }
    if (result.sequence() == 0 && exchange.lastSequence() != sequenceBefore) {
      lines.add("!! refused at the edge, yet the engine applied a command");
    }
    if (result.sequence() != 0 && result.commandId() != executed.sentCommandId()) {
      lines.add(
          "!! result names command " + result.commandId() + ", sent " + executed.sentCommandId());
    }
    if (result.sequence() != 0
        && !result.duplicate()
        && result.sequence() != exchange.lastSequence()) {
      lines.add(
          "!! result sequence " + result.sequence() + ", engine at " + exchange.lastSequence());
    }
    try {
      exchange.verify();
    } catch (RuntimeException e) {
      lines.add("!! verify: " + e.getMessage());
    }
    return lines;
  }
}

package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;

/**
 * Bourse and exchange-core must agree on a flow of GTC and IOC limit orders and cancels: the same
 * commands accepted, the same trade tape, the same final book. Runs in every build.
 */
// exchange-core 0.5.3 (chronicle-core) runs on Java 17 only; on newer JDKs these report skipped.
@EnabledOnJre(JRE.JAVA_17)
class DifferentialTest {

  @Test
  void shouldGiveTheSameTapeAndBookAsExchangeCoreOnGtcIocCancelFlow() {
    // given: 200,000 commands after the fill phase, many crossing, some cancels of ended orders
    FlowSpec spec = new FlowSpec(Mix.LIMIT_CANCEL, 1, 2_000, 1_000, 200_000, 20_240_601L);

    // when
    Differential.Report report = Differential.run(spec, settings());

    // then
    assertTrue(report.passed(), () -> ReportWriter.differential(report));
    assertEquals(report.referenceTrades(), report.bourseTrades(), "the reference book's tape");
    assertTrue(report.bourseTrades() > 20_000, "the flow should trade a lot");
    assertTrue(report.bourseRejects() > 0, "the flow should include refused cancels");
    assertTrue(report.bookLevels() > 10, "the final book should not be empty");
  }

  @Test
  void shouldAgreeWhenUsersTradeWithThemselves() {
    // given: three users, so that a taker often meets its own resting orders; with self-trade
    // prevention off in Bourse, both engines let them trade
    FlowSpec spec = new FlowSpec(Mix.LIMIT_CANCEL, 1, 3, 500, 50_000, 11L);

    // when
    Differential.Report report = Differential.run(spec, settings());

    // then
    assertTrue(report.passed(), () -> ReportWriter.differential(report));
  }

  @Test
  void shouldAgreeOnSeveralSymbolsAndOnMovesAndReductions() {
    // given: exchange-core's own mix (mostly moves, with reductions) over several symbols; not
    // part of the GTC/IOC/cancel promise, but the amend semantics coincide for these shapes
    FlowSpec spec = new FlowSpec(Mix.EXCHANGE_CORE, 4, 500, 200, 50_000, 7L);

    // when
    Differential.Report report = Differential.run(spec, settings());

    // then
    assertTrue(report.passed(), () -> ReportWriter.differential(report));
  }

  private static CoreSettings settings() {
    return CoreSettings.forMachine(false, Runtime.getRuntime().availableProcessors());
  }
}

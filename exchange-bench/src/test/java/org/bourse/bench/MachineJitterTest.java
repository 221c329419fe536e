package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineJitterTest {

  @Test
  void shouldReportEachSpinningThreadsStallsConsistently() throws Exception {
    // when
    MachineJitter.Probe probe = MachineJitter.probe(2, 0.05);

    // then
    assertEquals(2, probe.threads());
    assertEquals(2, probe.stalls().size());
    for (MachineJitter.Stalls s : probe.stalls()) {
      assertTrue(s.over1ms() <= s.over100us() && s.over100us() <= s.count(), s.toString());
      assertTrue(s.stalledNs() >= s.count() * MachineJitter.STALL_NS, s.toString());
      // the histogram keeps 3 significant digits: its maximum may round up by 0.1%
      assertTrue(s.maxMicros() * 1_000 <= s.stalledNs() * 1.002, s.toString());
    }
  }
}

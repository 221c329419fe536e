package org.bourse.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import org.bourse.core.Command;
import org.junit.jupiter.api.Test;

class OrderFlowTest {
  private static final int COUNT = 5_000;

  private static Command[] generate(long seed) {
    OrderFlow flow = new OrderFlow(seed, 40, EnumSet.of(Listing.BTCUSDT, Listing.ETHBTC));
    flow.setup();
    Command[] commands = new Command[COUNT];
    // Two calls, as the simulator generates chunk by chunk.
    long[] timestampsMs = new long[COUNT];
    flow.next(commands, timestampsMs, COUNT / 2);
    Command[] rest = new Command[COUNT - COUNT / 2];
    flow.next(rest, new long[rest.length], rest.length);
    System.arraycopy(rest, 0, commands, COUNT / 2, rest.length);
    return commands;
  }

  @Test
  void shouldGenerateTheSameCommandsForTheSameSeed() {
    assertArrayEquals(generate(5), generate(5));
  }

  @Test
  void shouldGenerateOtherCommandsForAnotherSeed() {
    assertFalse(Arrays.equals(generate(5), generate(6)));
  }

  @Test
  void shouldGiveEveryCommandItsOwnIncreasingId() {
    // given
    OrderFlow flow = new OrderFlow(1, 10, EnumSet.of(Listing.ETHUSDT));
    long lastId = 0;

    // when
    for (Command command : flow.setup()) {
      assertTrue(command.commandId() > lastId);
      lastId = command.commandId();
    }
    Command[] commands = new Command[COUNT];
    long[] timestampsMs = new long[COUNT];
    flow.next(commands, timestampsMs, COUNT);

    // then
    for (int i = 0; i < COUNT; i++) {
      assertEquals(lastId + 1, commands[i].commandId(), "command " + i);
      lastId = commands[i].commandId();
      assertTrue(i == 0 || timestampsMs[i] >= timestampsMs[i - 1]);
    }
  }
}

package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine snapshot round trip at many points of seeded flows: what {@link SnapshotStore#write}
 * stores, {@link SnapshotStore#readNewest} restores with the same {@code stateHash()}, passing
 * {@code verify()}, and the restored engine then answers the following commands exactly like the
 * original (so state the hash does not cover, such as caches or queue links, is restored too).
 * Seeds and flow length come from the same properties as in {@link RecoveryEqualityTest}.
 */
class SnapshotRoundTripTest {
  private static final int SEEDS = Integer.getInteger("recovery.seeds", 20);
  private static final int COMMANDS = Integer.getInteger("recovery.commands", 4_000);
  private static final int FOLLOW_UP = 150;
  private static final ExchangeConfig CONFIG = SeededFlow.SMALL_BOUNDS;

  @TempDir Path directory;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, SEEDS);
  }

  /** A restored engine that must follow the original for a number of commands. */
  private static final class Shadow {
    final Exchange restored;
    final String where;
    int remaining = FOLLOW_UP;

    Shadow(Exchange restored, String where) {
      this.restored = restored;
      this.where = where;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRestoreAnEngineThatBehavesLikeTheOriginalFromAnyPoint(long seed) throws IOException {
    Random random = new Random(seed);
    List<SeededFlow.Timed> flow = RecoveryEqualityTest.flow(seed);
    Exchange original = Exchange.create(CONFIG);
    SnapshotStore store = SnapshotStore.inDirectory(directory);
    List<Shadow> shadows = new ArrayList<>();
    int roundTrips = 0;
    // Point 0 is the empty engine; later points are random, the setup's end among them often.
    for (int point = 0; point <= flow.size(); point++) {
      if (point == 0 || random.nextInt(120) == 0 || point == flow.size()) {
        // given: the original at this point, written and read back
        store.write(original);
        List<String> report = new ArrayList<>();
        Exchange restored = store.readNewest(CONFIG, Long.MAX_VALUE, report).orElseThrow();
        store.retain(1);
        roundTrips++;

        // then: the same state, valid
        String where = "seed " + seed + ", snapshot at sequence " + original.lastSequence();
        assertTrue(report.isEmpty(), () -> where + ": " + report);
        assertEquals(original.lastSequence(), restored.lastSequence(), where);
        assertEquals(original.lastTimestampMs(), restored.lastTimestampMs(), where);
        assertEquals(original.stateHash(), restored.stateHash(), where);
        assertEquals(original.ledgerHash(), restored.ledgerHash(), where);
        restored.verify();
        shadows.add(new Shadow(restored, where));
      }
      if (point == flow.size()) {
        break;
      }
      // when: the original and every recent restored copy apply the same command
      SeededFlow.Timed timed = flow.get(point);
      CommandResult expected = original.apply(timed.timestampMs(), timed.command());
      for (Shadow shadow : shadows) {
        CommandResult actual = shadow.restored.apply(timed.timestampMs(), timed.command());

        // then: the same result, events included, and in the end the same state
        assertEquals(expected, actual, shadow.where);
        if (--shadow.remaining == 0) {
          assertEquals(original.stateHash(), shadow.restored.stateHash(), shadow.where);
        }
      }
      shadows.removeIf(shadow -> shadow.remaining == 0);
    }
    assertTrue(roundTrips > 5, "seed " + seed + " made only " + roundTrips + " round trips");
  }
}

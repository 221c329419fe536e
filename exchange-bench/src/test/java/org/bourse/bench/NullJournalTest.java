package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.ExchangeException;
import org.bourse.core.JournalRecord;
import org.junit.jupiter.api.Test;

class NullJournalTest {

  @Test
  void shouldRememberTheLastSequenceAndRefuseGaps() {
    // given
    NullJournal journal = new NullJournal();
    Command command = new Command.AddUser(1, 1);

    // when
    journal.append(List.of(new JournalRecord(1, 0, command), new JournalRecord(2, 0, command)));

    // then
    assertEquals(2, journal.lastSequence());
    assertThrows(
        ExchangeException.class, () -> journal.append(List.of(new JournalRecord(4, 0, command))));
  }
}

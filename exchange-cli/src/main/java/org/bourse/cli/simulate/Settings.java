package org.bourse.cli.simulate;

import java.util.Set;
import java.util.stream.Collectors;
import org.bourse.core.EventDetail;

/**
 * What to simulate, already validated.
 *
 * @param commands order-flow commands to apply after the setup
 * @param verifyEvery check the invariants every this many commands; 0 for only at the end
 */
record Settings(
    long seed,
    long commands,
    int users,
    Set<Listing> listings,
    long verifyEvery,
    EventDetail events) {

  /** The command line that replays these settings, for failure reports. */
  String commandLine() {
    return "bourse simulate --seed "
        + seed
        + " --commands "
        + commands
        + " --users "
        + users
        + " --instruments "
        + listings.stream().map(Listing::name).collect(Collectors.joining(","))
        + " --verify-every "
        + verifyEvery
        + " --events "
        + events;
  }

  /** The same settings with another command count. */
  Settings withCommands(long count) {
    return new Settings(seed, count, users, listings, verifyEvery, events);
  }
}

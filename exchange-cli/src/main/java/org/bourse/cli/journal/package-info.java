/**
 * {@code bourse journal}: read-only tools for the data directory of an {@code ExchangeRuntime} —
 * {@code verify} (every record's CRC, recovery and the invariants), {@code inspect} (records as
 * text) and {@code replay} (the state at a past sequence). They recover state with the runtime's
 * own code, so what they report is what a restart would find.
 */
package org.bourse.cli.journal;

/**
 * {@code bourse simulate}: a seeded synthetic order flow ({@code OrderFlow}) applied to an
 * in-process engine ({@code Simulator}) with a report of throughput, outcomes and invariants.
 */
package org.bourse.cli.simulate;

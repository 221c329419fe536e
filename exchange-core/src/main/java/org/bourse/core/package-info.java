/**
 * Bourse exchange-core: a deterministic matching engine with a double-entry ledger and fee tiers.
 *
 * <p>Start with {@link org.bourse.core.Exchange}: create one, {@link org.bourse.core.Exchange#apply
 * apply} {@link org.bourse.core.Command commands} on one thread, and read {@link
 * org.bourse.core.CommandResult results}, {@link org.bourse.core.ExchangeEvent events} and queries.
 * {@link org.bourse.core.DecimalExchange} accepts decimal strings instead of ticks, lots and minor
 * units.
 *
 * <p>Public types are interfaces, records and enums; everything else in this package is
 * package-private and may change without notice. The package has no runtime dependencies.
 */
package org.bourse.core;

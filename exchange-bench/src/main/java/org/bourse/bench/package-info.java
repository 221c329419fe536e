/** Benchmarks of Bourse, side by side with exchange-core; not shipped. */
package org.bourse.bench;

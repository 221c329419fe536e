/**
 * Benchmarks of Bourse, side by side with exchange-core 0.5.3; not shipped.
 *
 * <p>{@link org.bourse.bench.BenchMain} is the entry point of the shaded jar: {@code compare} runs
 * the whole comparison and writes a markdown report, {@code diff} the differential check alone,
 * {@code jmh} the JMH benchmarks ({@link org.bourse.bench.MatchingBenchmark} and {@link
 * org.bourse.bench.BaselineBenchmark}). A seeded generator makes one engine-neutral order flow that
 * both engines receive in their own vocabulary; drivers run it through Bourse's synchronous engine,
 * Bourse's runtime (with and without the file journal) and exchange-core. The module's README
 * describes the method and the caveats.
 */
package org.bourse.bench;

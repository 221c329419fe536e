/**
 * {@code bourse bench}: benchmarks of the runtime on the machine at hand. {@code bench durable}
 * measures durable throughput and exact acknowledgement latencies of {@code ExchangeRuntime} on the
 * file journal with real fsync ({@code DurableBench}, {@code Producer}, {@code Latencies}).
 */
package org.bourse.cli.bench;

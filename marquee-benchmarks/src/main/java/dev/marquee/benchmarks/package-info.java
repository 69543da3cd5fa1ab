/**
 * JMH benchmarks of the runtime alone (no HTTP server): what a single-row request costs above the bare model call,
 * and how many rows per second batched linear scoring reaches on one core. {@link RuntimeBenchmarks} runs them and
 * prints the table with the ratios; they are never part of the test suite.
 */
package dev.marquee.benchmarks;

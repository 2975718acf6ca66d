/**
 * JMH benchmarks of the log engine against Apache Kafka's own log layer and the machine's limit, on
 * identical 16 KiB batches of 1 KiB JSON-like records: append ({@code AppendBenchmark}), sequential
 * zero-copy read ({@code ReadBenchmark}), offset and timestamp lookups ({@code LookupBenchmark}),
 * recovery after an unclean shutdown ({@code RecoveryBenchmark}) and the append path's validation
 * ({@code ValidateBenchmark}).
 *
 * <p>Charter. One class per concern; the engine is a {@code @Param} ({@code varve}, {@code kafka},
 * and for appends the {@code floor}), so every engine runs the same loop through
 * {@link dev.varve.bench.engine.LogUnderTest}. Single-threaded, one fork, fixed pre-touched 1 GiB heap;
 * {@link dev.varve.bench.CpuTime} counts the benchmark thread's CPU time so results survive a shared
 * machine; {@link dev.varve.bench.engine.WrittenBytes} counts the bytes each iteration wrote or read.
 * Appends write a bounded amount per iteration to a fresh log whose files are deleted before writeback,
 * so they measure the page-cache path, not the disk. {@code bench/run-engine.sh} runs them all and
 * {@link dev.varve.bench.report.EngineReport} makes the tables of {@code papers/log-engine.md}.
 * {@code EngineBenchmarkSetupTest} runs every setup and op on small logs in {@code ./mvnw verify}.
 */
package dev.varve.bench.engine;

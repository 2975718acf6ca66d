/**
 * The baseline JMH benchmarks of record batches: building (Varve's reused builder, Kafka's
 * {@code MemoryRecordsBuilder} as the peer, the raw codec as the ceiling) and reading with validation
 * (Varve's readers, Kafka's {@code MemoryRecords}, raw decompression), over the same deterministic
 * records ({@link dev.varve.bench.PayloadGenerator}, {@link dev.varve.bench.BatchFixture}).
 *
 * <p>Charter. One class per concern, parameters {@code codec} x {@code batchBytes}, one op = one
 * batch; settings sized for a 2-core machine (one thread, one fork, 2 x 1 s warm-up, 5 x 1 s
 * measurement, fixed pre-touched 1 GiB heap). {@code bench/run-baseline.sh} runs them all and
 * {@link dev.varve.bench.report.BaselineReport} turns the JSON into the paper's tables. The measured
 * loops live in {@link dev.varve.bench.BatchFixture} so unit tests check that every setup builds
 * batches both Kafka and Varve read back.
 */
package dev.varve.bench;

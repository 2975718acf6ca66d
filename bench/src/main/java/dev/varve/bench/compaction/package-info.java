/**
 * JMH benchmark of the log cleaner against Apache Kafka 4.4's own, on identical never-cleaned keyed
 * logs ({@link dev.varve.bench.compaction.DirtyLog}): {@link dev.varve.bench.compaction.CompactionBenchmark}
 * times one whole pass (offset map + rewrite, fsynced) for few / many keys, small / large values,
 * uncompressed / zstd, and {@link dev.varve.bench.compaction.CleaningCounters} records the bytes,
 * distinct keys and heap allocation of each pass.
 *
 * <p>Charter: the cleaner is a {@code @Param} ({@code varve}, {@code kafka}) so both run the same
 * loop; single-threaded, one fork, fixed pre-touched 1 GiB heap; {@link dev.varve.bench.CpuTime}
 * counts the benchmark thread's CPU time so figures survive a shared machine. Logs live under
 * {@code java.io.tmpdir} and are deleted at the end of each trial. {@code bench/run-compaction.sh}
 * runs it and {@link dev.varve.bench.report.CompactionReport} makes the tables of
 * {@code papers/compaction.md}; {@code CompactionBenchmarkSetupTest} runs every cell on a small log in
 * {@code ./mvnw verify}.
 */
package dev.varve.bench.compaction;

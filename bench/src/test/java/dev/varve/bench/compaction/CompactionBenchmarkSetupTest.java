package dev.varve.bench.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.bench.CpuTime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compaction benchmark's setup and op on a small log for every cell shape, so a broken benchmark
 * fails {@code ./mvnw verify} without JMH; and the premise of the comparison: Varve's and Kafka's
 * cleaners, given the same dirty log, keep the same number of records, and a repeated shot does the
 * same work as the first.
 */
class CompactionBenchmarkSetupTest {
    private static final long SMALL_VALUE_BYTES = 1L << 20;

    @ParameterizedTest
    @CsvSource({"few,100,none", "many,100,zstd", "few,4096,zstd", "many,4096,none"})
    void shouldKeepTheSameRecordsWithBothCleaners(String keys, int valueBytes, String codec) {
        long varve = shots("varve", keys, valueBytes, codec);
        long kafka = shots("kafka", keys, valueBytes, codec);
        assertEquals(kafka, varve, "records kept");
        assertTrue(varve > 0);
    }

    /** Runs two shots; returns the records kept by each (checked equal). */
    private static long shots(String engine, String keys, int valueBytes, String codec) {
        CompactionBenchmark bench = new CompactionBenchmark();
        bench.engine = engine;
        bench.keys = keys;
        bench.valueBytes = valueBytes;
        bench.codec = codec;
        bench.valueBytesTotal = SMALL_VALUE_BYTES;
        bench.setUpTrial();
        CpuTime cpu = new CpuTime();
        CleaningCounters counters = new CleaningCounters();
        long kept = -1;
        for (int shot = 0; shot < 2; shot++) {
            bench.freshDirtyLog();
            counters.reset();
            long keptNow = bench.clean(cpu, counters);
            cpu.stop();
            assertTrue(kept < 0 || kept == keptNow, engine + ": a shot differs from the first");
            kept = keptNow;
            assertEquals(1, cpu.ops);
            assertEquals(bench.dirty.sizeInBytes(), counters.bytes);
            assertTrue(counters.keys > 0 && counters.keys <= bench.dirty.endOffset(), "keys " + counters.keys);
            assertTrue(counters.written > 0 && counters.written <= counters.bytes + 61, "written " + counters.written);
        }
        Path root = bench.root;
        bench.tearDownTrial();
        assertTrue(Files.notExists(root));
        return kept;
    }
}

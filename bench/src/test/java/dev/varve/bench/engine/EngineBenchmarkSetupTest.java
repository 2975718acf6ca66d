package dev.varve.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.bench.CpuTime;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every engine benchmark's setup and measured op, run for a few ops on small logs, so a broken
 * benchmark fails {@code ./mvnw verify} without running JMH; and the premise of the comparisons: both
 * engines, fed the same batches, store and return the same records.
 */
class EngineBenchmarkSetupTest {
    private static final long SMALL_LOG_BYTES = 2L << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd"})
    void shouldStoreTheSameRecordsInBothEnginesFromOnePool(String codec) {
        List<List<String>> perEngine = new ArrayList<>();
        for (String engine : new String[] {"varve", "kafka"}) {
            BatchPool pool = new BatchPool(codec, 8, false);
            try (LogUnderTest log = LogUnderTest.open(engine, dir.resolve(engine), true)) {
                for (int i = 0; i < 2 * pool.size(); i++) {
                    log.append(pool.next());
                }
                assertEquals(Math.round(2 * pool.size() * pool.meanRecords()), log.logEndOffset(), engine);
                perEngine.add(records(log.copy(0, Integer.MAX_VALUE)));
            }
        }
        assertEquals(perEngine.get(0).size(), perEngine.get(1).size());
        assertEquals(perEngine.get(0), perEngine.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"varve", "kafka", "floor", "floorDirect"})
    void appendBenchmarkShouldRunAndDiscardItsLogs(String engine) {
        AppendBenchmark bench = new AppendBenchmark();
        bench.engine = engine;
        bench.codec = "zstd";
        bench.setUpTrial();
        CpuTime cpu = new CpuTime();
        WrittenBytes written = new WrittenBytes();
        for (int iteration = 0; iteration < 2; iteration++) {
            bench.freshLog();
            cpu.start();
            for (int i = 0; i < 100; i++) {
                bench.append(cpu, written);
            }
            cpu.stop();
            assertEquals(100, cpu.ops);
        }
        assertTrue(written.bytes > 100 * 1000, "bytes " + written.bytes);
        Path root = bench.root;
        bench.tearDownTrial();
        assertTrue(Files.notExists(root));
    }

    @ParameterizedTest
    @ValueSource(strings = {"varve", "kafka"})
    void readBenchmarkShouldLoopOverTheWholeLog(String engine) throws Exception {
        ReadBenchmark bench = new ReadBenchmark();
        bench.engine = engine;
        bench.logBytes = SMALL_LOG_BYTES;
        bench.setUp();
        try {
            CpuTime cpu = new CpuTime();
            WrittenBytes read = new WrittenBytes();
            long total = 0;
            for (int i = 0; i < 3; i++) {
                total += bench.read(cpu, read);
            }
            assertEquals(0, bench.batch, "a 2 MiB log is two 1 MiB fetches and a short one");
            assertTrue(total >= bench.layout.sizeInBytes(), "transferred " + total);
            assertEquals(bench.layout.sizeInBytes(), read.bytes);
        } finally {
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"varve", "kafka"})
    void lookupBenchmarkShouldFindOffsetsAndTimestamps(String engine) {
        LookupBenchmark bench = new LookupBenchmark();
        bench.engine = engine;
        bench.logBytes = SMALL_LOG_BYTES;
        bench.setUp();
        try {
            CpuTime cpu = new CpuTime();
            for (int i = 0; i < 50; i++) {
                assertTrue(bench.readAt(cpu) > 0);
                assertTrue(bench.offsetForTimestamp(cpu) >= 0);
            }
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void bothEnginesShouldAnswerTimestampLookupsAlike() {
        try (LogUnderTest varve = LogUnderTest.open("varve", dir.resolve("varve"), true);
                LogUnderTest kafka = LogUnderTest.open("kafka", dir.resolve("kafka"), true)) {
            PreWrittenLog varveLayout = PreWrittenLog.write(varve, SMALL_LOG_BYTES);
            PreWrittenLog kafkaLayout = PreWrittenLog.write(kafka, SMALL_LOG_BYTES);
            assertEquals(varveLayout.logEndOffset(), kafkaLayout.logEndOffset());
            for (int batch = 0; batch < varveLayout.batchCount(); batch += 7) {
                long ts = varveLayout.maxTimestamp(batch);
                assertEquals(kafka.offsetForTimestamp(ts), varve.offsetForTimestamp(ts), "timestamp " + ts);
                long offset = varveLayout.baseOffset(batch) + 3;
                assertEquals(records(kafka.copy(offset, 16384)), records(varve.copy(offset, 16384)), "offset " + offset);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"varve", "kafka"})
    void recoveryBenchmarkShouldRecoverTheWholeLogEachIteration(String engine) {
        RecoveryBenchmark bench = new RecoveryBenchmark();
        bench.engine = engine;
        bench.logBytes = SMALL_LOG_BYTES;
        bench.setUpTrial();
        try {
            CpuTime cpu = new CpuTime();
            WrittenBytes validated = new WrittenBytes();
            for (int i = 0; i < 2; i++) {
                bench.unclean();
                assertEquals(bench.layout.logEndOffset(), bench.recover(cpu, validated));
            }
            assertEquals(2 * bench.layout.sizeInBytes(), validated.bytes);
        } finally {
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd"})
    void validateBenchmarkShouldAcceptTheBatchAndMatchItsCrc(String codec) {
        ValidateBenchmark bench = new ValidateBenchmark();
        bench.codec = codec;
        bench.setUp();
        CpuTime cpu = new CpuTime();
        assertEquals(bench.batch.remaining(), bench.validate(cpu).remaining());
        assertEquals(MemoryRecords.readableRecords(bench.batch.duplicate()).batches().iterator().next().checksum(),
                bench.crc32c(cpu));
        bench.tearDown();
    }

    /** Every record of whole batches in {@code bytes}, decoded by Kafka, as "offset timestamp key-hash value-hash". */
    private static List<String> records(ByteBuffer bytes) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                out.add(record.offset() + " " + record.timestamp() + " " + record.key().hashCode() + " " + record.value().hashCode());
            }
        }
        return out;
    }
}

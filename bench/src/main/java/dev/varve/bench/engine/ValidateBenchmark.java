package dev.varve.bench.engine;

import dev.varve.bench.BatchFixture;
import dev.varve.bench.CpuTime;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.BatchValidator;
import dev.varve.engine.record.RecordBatchDescriptor;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The validation on Varve's append path, one 16 KiB Kafka-built batch per op: {@code validate} is
 * {@link BatchValidator#validate} as the segmented engine runs it ({@link BatchValidator#withReusedCopy}:
 * copy into a reused direct buffer, header and CRC-32C, every record's framing, decompressing a
 * compressed batch, offsets assigned in the copy); {@code crc32c} is the JDK's CRC-32C over the
 * batch's CRC-covered bytes, the floor for an uncompressed batch. The floor for a zstd batch is raw
 * zstd decompression of the record section, {@code RawDecompressBenchmark} with codec zstd and
 * batchBytes 16384 (run next to this one by {@code bench/run-engine.sh}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class ValidateBenchmark {
    @Param({"none", "zstd"})
    public String codec;

    ByteBuffer batch;
    BatchValidator validator;
    LogConfig config;
    CRC32C crc;
    long nowMs;

    @Setup(Level.Trial)
    public void setUp() {
        batch = new BatchFixture(codec, BatchPool.BATCH_BYTES).kafkaBatchCopy();
        validator = BatchValidator.withReusedCopy(new TopicPartition(LogUnderTest.TOPIC, 0));
        config = LogConfig.defaults();
        crc = new CRC32C();
        nowMs = System.currentTimeMillis();
    }

    @Benchmark
    public ByteBuffer validate(CpuTime cpu) {
        cpu.ops++;
        return validator.validate(batch, config, 0L, nowMs).batches();
    }

    @Benchmark
    public long crc32c(CpuTime cpu) {
        cpu.ops++;
        crc.reset();
        crc.update(batch.duplicate().position(RecordBatchDescriptor.ATTRIBUTES_OFFSET));
        return crc.getValue();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        validator.close();
    }
}

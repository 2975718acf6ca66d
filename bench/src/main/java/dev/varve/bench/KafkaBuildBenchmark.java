package dev.varve.bench;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import java.util.concurrent.TimeUnit;
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
 * The peer: Kafka's producer-side batch build. Per operation a new {@code MemoryRecordsBuilder}
 * (hence a new codec stream from Kafka's own {@code Compression}) over a reused heap buffer, as the
 * producer's accumulator does with a pooled {@code batch.size} buffer; append the same records as
 * {@link VarveBuildBenchmark} (byte arrays, no headers), close, build. One op = one batch.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class KafkaBuildBenchmark {
    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    @Param({"16384", "1048576"})
    public int batchBytes;

    BatchFixture fixture;
    Compression compression;
    ByteBuffer buffer;

    @Setup(Level.Trial)
    public void setup() {
        fixture = new BatchFixture(codec, batchBytes);
        compression = fixture.kafkaCompression();
        buffer = fixture.newKafkaBuffer();
    }

    @Benchmark
    public MemoryRecords build(CpuTime cpu) {
        cpu.ops++;
        return fixture.buildKafka(buffer, compression);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer = null;
    }
}

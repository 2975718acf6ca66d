package dev.varve.bench;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The peer: Kafka's producer-side batch build. Per operation a new {@code MemoryRecordsBuilder}
 * (hence a new codec stream from Kafka's own {@code Compression}) over a reused heap buffer, as the
 * producer's accumulator does with a pooled {@code batch.size} buffer; append the same records as
 * {@link VarveBuildBenchmark} (byte arrays, no headers), close, build. One op = one batch.
 */
public class KafkaBuildBenchmark extends CodecCellBenchmark {

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

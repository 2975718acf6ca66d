package dev.varve.bench;

import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
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
 * Varve's read path: {@link RecordBatchReader} (header checks, CRC-32C verified) then a reused
 * {@link RecordReader} (decompresses into its kept buffer, validates every record's framing) over
 * every record, adding up key and value lengths. The input is the batch Kafka's producer builds for
 * the cell (heap buffer), the bytes a broker or consumer actually receives; the same bytes as
 * {@link KafkaReadBenchmark}. One op = one batch.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class VarveReadBenchmark {
    @Param({"none", "gzip", "snappy", "lz4", "zstd"})
    public String codec;

    @Param({"16384", "1048576"})
    public int batchBytes;

    ByteBuffer batch;
    RecordBatchReader batches;
    RecordReader records;

    @Setup(Level.Trial)
    public void setup() {
        batch = new BatchFixture(codec, batchBytes).kafkaBatchCopy();
        batches = new RecordBatchReader(true);
        records = new RecordReader();
    }

    @Benchmark
    public long read(CpuTime cpu) {
        cpu.ops++;
        long sum = 0;
        batches.reset(batch);
        while (batches.next()) {
            records.open(batches.batch());
            while (records.next()) {
                sum += records.keyLength() + records.valueLength();
            }
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        records.close();
    }
}

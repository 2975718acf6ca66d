package dev.varve.bench;

import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Varve's read path: {@link RecordBatchReader} (header checks, CRC-32C verified) then a reused
 * {@link RecordReader} (decompresses into its kept buffer, validates every record's framing) over
 * every record, adding up key and value lengths. The input is the batch Kafka's producer builds for
 * the cell (heap buffer), the bytes a broker or consumer actually receives; the same bytes as
 * {@link KafkaReadBenchmark}. One op = one batch.
 */
public class VarveReadBenchmark extends CodecCellBenchmark {

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

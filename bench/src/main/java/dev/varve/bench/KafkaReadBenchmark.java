package dev.varve.bench;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The peer's read path, as Kafka's consumer runs it: {@code MemoryRecords.readableRecords} over the
 * batch, {@code ensureValid()} (size and CRC-32C) on each batch, then {@code streamingIterator} with a
 * reused {@link BufferSupplier} over every record, adding up key and value sizes. Same input bytes as
 * {@link VarveReadBenchmark}. One op = one batch.
 */
public class KafkaReadBenchmark extends CodecCellBenchmark {

    ByteBuffer batch;
    BufferSupplier bufferSupplier;

    @Setup(Level.Trial)
    public void setup() {
        batch = new BatchFixture(codec, batchBytes).kafkaBatchCopy();
        bufferSupplier = BufferSupplier.create();
    }

    @Benchmark
    public long read(CpuTime cpu) {
        cpu.ops++;
        long sum = 0;
        for (MutableRecordBatch recordBatch : MemoryRecords.readableRecords(batch).batches()) {
            recordBatch.ensureValid();
            try (CloseableIterator<Record> iterator = recordBatch.streamingIterator(bufferSupplier)) {
                while (iterator.hasNext()) {
                    Record record = iterator.next();
                    sum += record.keySize() + record.valueSize();
                }
            }
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bufferSupplier.close();
    }
}

package dev.varve.bench;

import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The records of one benchmark cell, identical for Varve, Kafka and the raw codecs: as many
 * {@link PayloadGenerator} events (seed {@link #SEED}) as fit {@code batchBytes} once laid out as an
 * uncompressed v2 batch, header included, which is how a producer's {@code batch.size} caps a batch.
 *
 * <p>It also holds the two measured loops, so the benchmarks and the tests run the same code:
 * {@link #buildVarve} (a reused builder: reset, append every record, build) and {@link #buildKafka}
 * (a new {@code MemoryRecordsBuilder} per batch over a reused buffer, as Kafka's producer does with a
 * pooled buffer). Immutable after construction except for the builders passed in.
 */
public final class BatchFixture {
    /** The seed of every cell's payload, so all runs and all codecs see the same records. */
    public static final long SEED = 20_261_121L;
    private static final Header[] NO_HEADERS = new Header[0];

    private final String codecName;
    private final int batchBytes;
    private final int recordCount;
    private final long[] timestamps;
    private final byte[][] keys;
    private final byte[][] values;
    private final ByteBuffer[] keyBuffers;
    private final ByteBuffer[] valueBuffers;
    private final byte[] section;

    /**
     * @param codecName a Kafka {@code compression.type}: none, gzip, snappy, lz4, zstd
     * @param batchBytes the uncompressed batch size cap, header included
     */
    public BatchFixture(String codecName, int batchBytes) {
        this(codecName, batchBytes, new PayloadGenerator(SEED));
    }

    /**
     * The next batch of {@code generator}'s stream: consecutive fixtures over one generator hold
     * distinct records with rising timestamps, as consecutive batches of one producer do. The generator
     * is left one event past the batch (that event is dropped).
     */
    public BatchFixture(String codecName, int batchBytes, PayloadGenerator generator) {
        this.codecName = codecName;
        this.batchBytes = batchBytes;
        CompressionCodec.forName(codecName);
        int capacity = batchBytes / PayloadGenerator.MIN_VALUE_BYTES + 1;
        long[] ts = new long[capacity];
        byte[][] k = new byte[capacity][];
        byte[][] v = new byte[capacity][];
        int count = 0;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            while (true) {
                generator.next();
                int size = builder.sizeOfRecord(generator.timestampMs(), generator.key().length, generator.value().length);
                if (builder.uncompressedSizeInBytes() + size > batchBytes) {
                    break;
                }
                ts[count] = generator.timestampMs();
                k[count] = generator.key();
                v[count] = generator.value();
                builder.append(ts[count], k[count], v[count]);
                count++;
            }
            if (count == 0) {
                throw new IllegalArgumentException("batchBytes=" + batchBytes + " holds no record");
            }
            ByteBuffer batch = builder.build();
            section = new byte[batch.remaining() - RecordBatchDescriptor.RECORDS_OFFSET];
            batch.get(RecordBatchDescriptor.RECORDS_OFFSET, section);
        }
        this.recordCount = count;
        this.timestamps = Arrays.copyOf(ts, count);
        this.keys = Arrays.copyOf(k, count);
        this.values = Arrays.copyOf(v, count);
        this.keyBuffers = new ByteBuffer[count];
        this.valueBuffers = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            keyBuffers[i] = ByteBuffer.wrap(keys[i]);
            valueBuffers[i] = ByteBuffer.wrap(values[i]);
        }
    }

    public String codecName() {
        return codecName;
    }

    public int batchBytes() {
        return batchBytes;
    }

    /** Records in one batch. */
    public int recordCount() {
        return recordCount;
    }

    /** Size of the uncompressed record section (all records, no header): the bytes a codec sees. */
    public int sectionBytes() {
        return section.length;
    }

    /** A copy of the uncompressed record section, byte-identical to Kafka's. */
    public byte[] section() {
        return section.clone();
    }

    /** The largest record timestamp of the batch (timestamps rise within a batch). */
    public long maxTimestamp() {
        return timestamps[recordCount - 1];
    }

    /** Sum of every record's key and value lengths: what a reader touching each record adds up. */
    public long keyAndValueBytes() {
        long sum = 0;
        for (int i = 0; i < recordCount; i++) {
            sum += keys[i].length + values[i].length;
        }
        return sum;
    }

    /** Varve's codec for this cell. */
    public CompressionCodec varveCodec() {
        return CompressionCodec.forName(codecName);
    }

    /** Kafka's compression for this cell at Kafka's default level (gzip 6, lz4 9 = fast, zstd 3). */
    public Compression kafkaCompression() {
        return Compression.of(codecName).build();
    }

    /** A buffer big enough for Kafka's builder to write this cell's batch without growing. */
    public ByteBuffer newKafkaBuffer() {
        return ByteBuffer.allocate(batchBytes + 1024);
    }

    /** The measured Varve loop: reset, append every record, build. Returns the builder's view. */
    public ByteBuffer buildVarve(RecordBatchBuilder builder) {
        builder.reset(0);
        for (int i = 0; i < recordCount; i++) {
            builder.append(timestamps[i], keyBuffers[i], valueBuffers[i]);
        }
        return builder.build();
    }

    /** The measured Kafka loop: a new builder over {@code buffer} (cleared), append every record, build. */
    public MemoryRecords buildKafka(ByteBuffer buffer, Compression compression) {
        buffer.clear();
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                buffer, RecordBatch.CURRENT_MAGIC_VALUE, compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < recordCount; i++) {
            builder.append(timestamps[i], keys[i], values[i], NO_HEADERS);
        }
        builder.close();
        return builder.build();
    }

    /** One Kafka-built batch of this cell as a standalone heap buffer: the bytes the read benchmarks read. */
    public ByteBuffer kafkaBatchCopy() {
        ByteBuffer built = buildKafka(newKafkaBuffer(), kafkaCompression()).buffer();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built.duplicate()).flip();
        return copy;
    }
}

package dev.varve.cli.produce;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Collects records into one batch per partition, as Kafka's {@code RecordAccumulator} does, and
 * appends a batch to its partition's log when the next record would take it past {@code batchBytes}
 * (uncompressed, Kafka's {@code batch.size}; a larger record goes alone in its own batch) or when
 * {@code lingerMs} have passed since its first record ({@link #sendExpired}). One
 * {@link RecordBatchBuilder} per partition, reused from batch to batch with its codec context.
 * Not thread-safe.
 */
final class BatchAccumulator implements AutoCloseable {
    private final IntFunction<PartitionLog> logs;
    private final CompressionCodec codec;
    private final int batchBytes;
    private final long lingerMs;
    private final ProduceStats stats;
    private final Partitioner partitioner;
    private final RecordBatchBuilder[] builders;
    private final PartitionLog[] openLogs;
    private final long[] firstRecordMs;

    BatchAccumulator(int partitions, IntFunction<PartitionLog> logs, CompressionCodec codec, int batchBytes,
            long lingerMs, ProduceStats stats, Partitioner partitioner) {
        this.logs = logs;
        this.codec = codec;
        this.batchBytes = batchBytes;
        this.lingerMs = lingerMs;
        this.stats = stats;
        this.partitioner = partitioner;
        this.builders = new RecordBatchBuilder[partitions];
        this.openLogs = new PartitionLog[partitions];
        this.firstRecordMs = new long[partitions];
    }

    /** Adds a record (key and value read from position to limit, either may be null) at {@code nowMs}. */
    void add(long nowMs, ByteBuffer key, ByteBuffer value) {
        int partition = partitioner.partition(key == null ? null : bytes(key));
        RecordBatchBuilder builder = builder(partition);
        int keyLength = key == null ? -1 : key.remaining();
        int valueLength = value == null ? -1 : value.remaining();
        if (builder.recordCount() > 0
                && builder.uncompressedSizeInBytes() + builder.sizeOfRecord(nowMs, keyLength, valueLength) > batchBytes) {
            send(partition);
        }
        if (builder.recordCount() == 0) {
            firstRecordMs[partition] = nowMs;
        }
        builder.append(nowMs, key, value);
    }

    /** Sends every batch whose first record is {@code lingerMs} old or older at {@code nowMs}. */
    void sendExpired(long nowMs) {
        for (int p = 0; p < builders.length; p++) {
            if (builders[p] != null && builders[p].recordCount() > 0 && nowMs - firstRecordMs[p] >= lingerMs) {
                send(p);
            }
        }
    }

    /** The time at which the oldest open batch is due, or {@link Long#MAX_VALUE} when none is open. */
    long nextDueMs() {
        long due = Long.MAX_VALUE;
        for (int p = 0; p < builders.length; p++) {
            if (builders[p] != null && builders[p].recordCount() > 0) {
                due = Math.min(due, firstRecordMs[p] + lingerMs);
            }
        }
        return due;
    }

    /** Sends every open batch, whatever its age. */
    void sendAll() {
        for (int p = 0; p < builders.length; p++) {
            if (builders[p] != null && builders[p].recordCount() > 0) {
                send(p);
            }
        }
    }

    private void send(int partition) {
        RecordBatchBuilder builder = builders[partition];
        int uncompressed = builder.uncompressedSizeInBytes();
        AppendResult result = openLogs[partition].append(builder.build());
        stats.batchAppended(partition, uncompressed, result);
        builder.reset(0);
        partitioner.batchSent(partition);
    }

    private RecordBatchBuilder builder(int partition) {
        RecordBatchBuilder builder = builders[partition];
        if (builder == null) {
            openLogs[partition] = logs.apply(partition);
            builder = new RecordBatchBuilder(codec);
            builders[partition] = builder;
        }
        return builder;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0 && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        for (RecordBatchBuilder builder : builders) {
            if (builder != null) {
                builder.close();
            }
        }
    }
}

package dev.varve.compaction;

import static dev.varve.engine.record.RecordBatchDescriptor.*;

import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.TimestampType;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;

/**
 * Re-encodes a batch with some of its records, as Kafka's {@code MemoryRecords.filterTo} does: same
 * codec, base offset and last offset delta (so offsets and sequences never move), producer id, epoch
 * and base sequence, transactional flag, partition leader epoch and timestamp type; records keep their
 * offsets, timestamps, keys, values and headers; the base timestamp becomes the first kept record's,
 * or the delete horizon when one is set. Also writes the empty (header-only) batch Kafka keeps for a
 * producer's last batch, and the empty batch that stands for a run of dropped batches. One builder per
 * codec, reused; not thread-safe.
 */
final class BatchRewriter implements AutoCloseable {
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private final RecordBatchBuilder[] builders = new RecordBatchBuilder[CompressionCodec.values().length];
    private final RecordBatchFlyweight output = new RecordBatchFlyweight();
    private final ByteBuffer empty = ByteBuffer.allocate(HEADER_SIZE);
    private final ByteBuffer run = ByteBuffer.allocate(HEADER_SIZE);
    private ByteBuffer source;
    private ByteBuffer keyView;
    private ByteBuffer valueView;

    /**
     * The batch with only the records whose {@code keep[i]} is true, {@code i} counting records from 0.
     *
     * @param deleteHorizonMs the horizon to stamp, or -1 for none
     * @return a view of the builder's buffer, valid until the next call
     */
    ByteBuffer rewrite(RecordBatchFlyweight batch, RecordReader reader, boolean[] keep, long deleteHorizonMs) {
        RecordBatchBuilder builder = builderFor(batch.compression());
        builder.reset(batch.baseOffset())
                .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
                .transactional(batch.isTransactional())
                .partitionLeaderEpoch(batch.partitionLeaderEpoch());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        }
        if (deleteHorizonMs >= 0) {
            builder.deleteHorizon(deleteHorizonMs);
        }
        reader.open(batch);
        for (int i = 0; reader.next(); i++) {
            if (keep[i]) {
                viewsOver(reader.buffer());
                builder.appendWithOffset(reader.offset(), reader.timestamp(),
                        slice(keyView, reader.keyOffset(), reader.keyLength()),
                        slice(valueView, reader.valueOffset(), reader.valueLength()),
                        reader.headerCount() == 0 ? NO_HEADERS : reader.headers());
            }
        }
        ByteBuffer rewritten = builder.build();
        rewritten.putInt(LAST_OFFSET_DELTA_OFFSET, batch.lastOffsetDelta());
        output.wrap(rewritten, 0).writeCrc();
        return rewritten;
    }

    /**
     * The header-only batch Kafka's {@code DefaultRecordBatch.writeEmptyHeader} writes for a batch
     * whose records all went: no codec, no records, the original offsets, producer fields, flags and
     * leader epoch, and the batch's max timestamp as both timestamps.
     */
    ByteBuffer emptyOf(RecordBatchFlyweight batch) {
        return header(empty, batch.baseOffset(), batch.lastOffsetDelta(), batch.partitionLeaderEpoch(),
                (short) (batch.attributes() & (TIMESTAMP_TYPE_MASK | TRANSACTIONAL_MASK | CONTROL_MASK)), batch.maxTimestamp(),
                batch.producerId(), batch.producerEpoch(), batch.baseSequence());
    }

    /**
     * The header-only batch that stands for several dropped batches in a row: their offsets from
     * {@code baseOffset} on ({@code lastOffsetDelta}), their leader epoch, no producer (-1 ids), so no
     * producer's sequence moves, and {@code maxTimestamp} as both timestamps. Its own buffer: valid
     * until the next call, whatever {@link #emptyOf} does meanwhile.
     */
    ByteBuffer emptyRun(long baseOffset, int lastOffsetDelta, int partitionLeaderEpoch, short timestampType, long maxTimestamp) {
        return header(run, baseOffset, lastOffsetDelta, partitionLeaderEpoch, timestampType, maxTimestamp, -1, (short) -1, -1);
    }

    private ByteBuffer header(ByteBuffer out, long baseOffset, int lastOffsetDelta, int partitionLeaderEpoch, short attributes,
            long maxTimestamp, long producerId, short producerEpoch, int baseSequence) {
        out.clear();
        out.putLong(BASE_OFFSET_OFFSET, baseOffset);
        out.putInt(BATCH_LENGTH_OFFSET, HEADER_SIZE - LOG_OVERHEAD);
        out.putInt(PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        out.put(MAGIC_OFFSET, MAGIC_V2);
        out.putShort(ATTRIBUTES_OFFSET, attributes);
        out.putInt(LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta);
        out.putLong(BASE_TIMESTAMP_OFFSET, maxTimestamp);
        out.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        out.putLong(PRODUCER_ID_OFFSET, producerId);
        out.putShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        out.putInt(BASE_SEQUENCE_OFFSET, baseSequence);
        out.putInt(RECORDS_COUNT_OFFSET, 0);
        output.wrap(out, 0).writeCrc();
        return out;
    }

    private void viewsOver(ByteBuffer buffer) {
        if (buffer != source) {
            source = buffer;
            keyView = buffer.duplicate();
            valueView = buffer.duplicate();
        }
    }

    private static ByteBuffer slice(ByteBuffer view, int offset, int length) {
        if (length < 0) {
            return null;
        }
        view.limit(view.capacity()).position(offset).limit(offset + length);
        return view;
    }

    private RecordBatchBuilder builderFor(CompressionCodec codec) {
        RecordBatchBuilder builder = builders[codec.id()];
        if (builder == null) {
            builder = new RecordBatchBuilder(codec);
            builders[codec.id()] = builder;
        }
        return builder;
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

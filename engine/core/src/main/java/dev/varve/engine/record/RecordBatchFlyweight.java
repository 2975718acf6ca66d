package dev.varve.engine.record;

import static dev.varve.engine.record.RecordBatchDescriptor.*;

import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A reusable view of one v2 record batch in a buffer: reads and stamps header fields in place, at
 * absolute indexes, never copying and never moving the buffer's position.
 *
 * <p>The view trusts its caller for bounds: {@link RecordBatchReader} wraps only batches whose
 * header and length it has checked. Re-{@link #wrap} it to move to another batch; it allocates
 * nothing. Not thread-safe. The buffer must be big-endian, as Kafka's format is.
 */
public final class RecordBatchFlyweight {
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;
    private ByteBuffer crcView;
    private int start;

    /** Points this view at the batch starting at {@code start} in {@code buffer}. */
    public RecordBatchFlyweight wrap(ByteBuffer buffer, int start) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("record batches are big-endian");
        }
        if (buffer != this.buffer) {
            this.buffer = buffer;
            this.crcView = buffer.duplicate();
        }
        this.start = start;
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    /** Index of the batch's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    public long baseOffset() {
        return buffer.getLong(start + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buffer.getInt(start + BATCH_LENGTH_OFFSET);
    }

    /** Whole size of the batch: the batch length plus the 12 bytes before it. */
    public int sizeInBytes() {
        return batchLength() + LOG_OVERHEAD;
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(start + MAGIC_OFFSET);
    }

    /** The stored CRC-32C, as an unsigned value. */
    public long storedCrc() {
        return buffer.getInt(start + CRC_OFFSET) & 0xffffffffL;
    }

    /** CRC-32C of bytes 21 to the end of the batch, as Kafka computes it. */
    public long computeCrc() {
        crc.reset();
        crcView.limit(start + sizeInBytes()).position(crcStart(start));
        crc.update(crcView);
        return crc.getValue();
    }

    public boolean isCrcValid() {
        return storedCrc() == computeCrc();
    }

    public short attributes() {
        return buffer.getShort(start + ATTRIBUTES_OFFSET);
    }

    /** The codec id in attribute bits 0-2 (5, 6 and 7 name no codec). */
    public int codecId() {
        return attributes() & CODEC_MASK;
    }

    /** The codec, or null when {@link #codecId()} names none. */
    public CompressionCodec compression() {
        return CompressionCodec.forId(codecId());
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    /** Whether the base timestamp holds the delete horizon of a cleaned batch (KIP-534). */
    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** The first record's timestamp, or the delete horizon when {@link #hasDeleteHorizon()}. */
    public long baseTimestamp() {
        return buffer.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** The last record's sequence: base sequence plus last offset delta, wrapping at Int.MAX to 0. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_VALUE) {
            return NO_VALUE;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordCount() {
        return buffer.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /** Index of the record section's first byte in {@link #buffer()}. */
    public int recordsStart() {
        return start + RECORDS_OFFSET;
    }

    /** Index one past the batch's last byte in {@link #buffer()}. */
    public int end() {
        return start + sizeInBytes();
    }

    /** Assigns offsets: sets the base offset (outside the CRC, so nothing is recomputed). */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(start + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Stamps the leader epoch (outside the CRC, so nothing is recomputed). */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Stamps LogAppendTime: sets the timestamp-type bit and the max timestamp, then rewrites the
     * CRC, as a broker does for topics with {@code message.timestamp.type=LogAppendTime}.
     */
    public void setLogAppendTime(long timestamp) {
        buffer.putShort(start + ATTRIBUTES_OFFSET, (short) (attributes() | TIMESTAMP_TYPE_MASK));
        buffer.putLong(start + MAX_TIMESTAMP_OFFSET, timestamp);
        writeCrc();
    }

    /**
     * Sets the max timestamp of a CreateTime batch (a leader corrects a producer's header to the
     * largest record timestamp, as Kafka does), then rewrites the CRC.
     */
    public void setMaxTimestamp(long timestamp) {
        buffer.putLong(start + MAX_TIMESTAMP_OFFSET, timestamp);
        writeCrc();
    }

    /** Recomputes and stores the CRC after a change to CRC-covered bytes. */
    public void writeCrc() {
        buffer.putInt(start + CRC_OFFSET, (int) computeCrc());
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset()
                + ", count=" + recordCount() + ", size=" + sizeInBytes() + ", codec=" + codecId() + ")";
    }
}

package dev.varve.engine.record;

import static dev.varve.engine.record.RecordBatchDescriptor.*;

import dev.varve.engine.api.InvalidRecordException;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.record.codec.Compressor;
import java.nio.ByteBuffer;

/**
 * Builds Kafka v2 record batches, one at a time, reusing its buffers and its codec context from one
 * batch to the next: the steady state allocates nothing.
 *
 * <p>Use: {@link #reset(long)}, set the batch's fields (producer, transactional, leader epoch,
 * timestamp type, delete horizon) before the first record, append records, then {@link #build()}.
 * The result is a complete batch with its CRC-32C, byte-identical in layout to what Kafka's
 * {@code MemoryRecordsBuilder} writes (compressed sections may differ in bytes but not in content).
 * Compressed batches write records into a scratch buffer and compress them once, on build.
 *
 * <p>Errors: a record the format cannot hold (a null header key, too many bytes or offsets for one
 * batch, appends out of order) throws {@link InvalidRecordException} before anything is written,
 * leaving the batch as it was. Not thread-safe.
 */
public final class RecordBatchBuilder implements AutoCloseable {
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final int INITIAL_CAPACITY = 16 * 1024;

    private final CompressionCodec codec;
    private final Compressor compressor;
    private final RecordBatchFlyweight flyweight = new RecordBatchFlyweight();
    private ByteBuffer output;
    private ByteBuffer scratch;

    private long baseOffset;
    private long producerId;
    private short producerEpoch;
    private int baseSequence;
    private int partitionLeaderEpoch;
    private boolean transactional;
    private boolean control;
    private boolean logAppendTime;
    private long logAppendTimeMs;
    private boolean deleteHorizonSet;
    private long baseTimestamp;
    private long maxTimestamp;
    private int recordCount;
    private long lastOffset;
    private int recordsEnd;
    private boolean built;

    /** A builder for uncompressed batches. */
    public RecordBatchBuilder() {
        this(CompressionCodec.NONE, CompressionCodec.NONE.defaultLevel());
    }

    /** A builder for batches of {@code codec} at its default level. */
    public RecordBatchBuilder(CompressionCodec codec) {
        this(codec, codec.defaultLevel());
    }

    /** A builder for batches of {@code codec} at {@code level}. */
    public RecordBatchBuilder(CompressionCodec codec, int level) {
        this.codec = codec;
        this.compressor = codec == CompressionCodec.NONE ? null : codec.newCompressor(level);
        this.output = ByteBuffer.allocateDirect(INITIAL_CAPACITY);
        this.scratch = compressor == null ? null : ByteBuffer.allocateDirect(INITIAL_CAPACITY);
        reset(0);
    }

    public CompressionCodec codec() {
        return codec;
    }

    /** Starts a new, empty batch at {@code baseOffset} with every batch field at its "none" value. */
    public RecordBatchBuilder reset(long baseOffset) {
        this.baseOffset = baseOffset;
        this.producerId = NO_VALUE;
        this.producerEpoch = NO_VALUE;
        this.baseSequence = NO_VALUE;
        this.partitionLeaderEpoch = NO_VALUE;
        this.transactional = false;
        this.control = false;
        this.logAppendTime = false;
        this.deleteHorizonSet = false;
        this.baseTimestamp = NO_VALUE;
        this.maxTimestamp = NO_VALUE;
        this.recordCount = 0;
        this.lastOffset = baseOffset - 1;
        this.recordsEnd = compressor == null ? RECORDS_OFFSET : 0;
        this.built = false;
        return this;
    }

    /** Sets the idempotent producer's id, epoch and the first record's sequence. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /** Marks the batch LogAppendTime: its max timestamp becomes {@code appendTimeMs}. */
    public RecordBatchBuilder logAppendTime(long appendTimeMs) {
        this.logAppendTime = true;
        this.logAppendTimeMs = appendTimeMs;
        return this;
    }

    /**
     * Sets the delete horizon (KIP-534): the base timestamp holds it and record timestamps are
     * deltas from it. Must come before the first record.
     */
    public RecordBatchBuilder deleteHorizon(long deleteHorizonMs) {
        requireEmpty("the delete horizon");
        this.deleteHorizonSet = true;
        this.baseTimestamp = deleteHorizonMs;
        return this;
    }

    public int recordCount() {
        return recordCount;
    }

    /** The offset the next {@link #append} gets. */
    public long nextOffset() {
        return lastOffset + 1;
    }

    /** Uncompressed size of the batch so far, header included: the figure a producer's batch.size caps. */
    public int uncompressedSizeInBytes() {
        return compressor == null ? recordsEnd : RECORDS_OFFSET + recordsEnd;
    }

    /** Bytes a record with these sizes adds (uncompressed), for deciding whether it fits. */
    public int sizeOfRecord(long timestamp, int keyLength, int valueLength, RecordHeader... headers) {
        long base = recordCount == 0 && !deleteHorizonSet ? timestamp : baseTimestamp;
        int delta = (int) Math.min(Integer.MAX_VALUE, nextOffset() - baseOffset);
        return recordSize(delta, timestamp - base, keyLength, valueLength, RecordHeader.sizeOnWire(headers));
    }

    /** Appends a record at the next offset. Returns its offset. */
    public long append(long timestamp, byte[] key, byte[] value, RecordHeader... headers) {
        return appendWithOffset(nextOffset(), timestamp, wrapOrNull(key), wrapOrNull(value), headers);
    }

    /** Appends a record at the next offset from the remaining bytes of key and value (either may be null). */
    public long append(long timestamp, ByteBuffer key, ByteBuffer value) {
        return appendWithOffset(nextOffset(), timestamp, key, value, NO_HEADERS);
    }

    /**
     * Appends a record at {@code offset}, which must be above the last one (gaps are allowed, as a
     * compacted batch has them). Key and value are read from position to limit without moving it.
     */
    public long appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value, RecordHeader... headers) {
        if (control) {
            throw new InvalidRecordException("a control batch holds exactly one control record");
        }
        return write(offset, timestamp, key, value, headers == null ? NO_HEADERS : headers);
    }

    /**
     * Appends the one record of a control batch: an end-transaction marker (COMMIT or ABORT) with its
     * coordinator epoch. Makes the batch a transactional control batch, as Kafka writes markers.
     */
    public long appendEndTxnMarker(ControlRecordType type, long timestamp, int coordinatorEpoch) {
        if (!type.isEndTxnMarker()) {
            throw new InvalidRecordException("not an end transaction marker: " + type);
        }
        requireEmpty("a control record");
        ByteBuffer key = ByteBuffer.allocate(ControlRecordType.KEY_SIZE).putShort((short) 0).putShort(type.type()).flip();
        ByteBuffer value = ByteBuffer.allocate(ControlRecordType.END_TXN_VALUE_SIZE).putShort((short) 0).putInt(coordinatorEpoch).flip();
        long offset = write(nextOffset(), timestamp, key, value, NO_HEADERS);
        this.control = true;
        this.transactional = true;
        return offset;
    }

    private long write(long offset, long timestamp, ByteBuffer key, ByteBuffer value, RecordHeader[] headers) {
        if (built) {
            throw new IllegalStateException("batch already built: reset() before appending");
        }
        if (offset <= lastOffset) {
            throw new InvalidRecordException("offset " + offset + " is not above the last offset " + lastOffset);
        }
        long offsetDelta = offset - baseOffset;
        if (offsetDelta > Integer.MAX_VALUE || recordCount == Integer.MAX_VALUE) {
            throw new InvalidRecordException("offset " + offset + " is too far from the base offset " + baseOffset);
        }
        long base = recordCount == 0 && !deleteHorizonSet ? timestamp : baseTimestamp;
        int keyLength = key == null ? RecordDescriptor.NULL_LENGTH : key.remaining();
        int valueLength = value == null ? RecordDescriptor.NULL_LENGTH : value.remaining();
        int bodySize = bodySize((int) offsetDelta, timestamp - base, keyLength, valueLength, RecordHeader.sizeOnWire(headers));
        long size = (long) Varint.sizeOfVarint(bodySize) + bodySize;
        ByteBuffer target = ensureRecordRoom(size);

        int index = Varint.writeVarint(target, recordsEnd, bodySize);
        target.put(index++, (byte) 0);
        index = Varint.writeVarlong(target, index, timestamp - base);
        index = Varint.writeVarint(target, index, (int) offsetDelta);
        index = writeBytes(target, index, key, keyLength);
        index = writeBytes(target, index, value, valueLength);
        index = Varint.writeVarint(target, index, headers.length);
        for (RecordHeader header : headers) {
            byte[] headerKey = header.keyUtf8();
            index = Varint.writeVarint(target, index, headerKey.length);
            target.put(index, headerKey);
            index += headerKey.length;
            byte[] headerValue = header.value();
            if (headerValue == null) {
                index = Varint.writeVarint(target, index, RecordDescriptor.NULL_LENGTH);
            } else {
                index = Varint.writeVarint(target, index, headerValue.length);
                target.put(index, headerValue);
                index += headerValue.length;
            }
        }
        recordsEnd = index;
        if (recordCount == 0) {
            baseTimestamp = base;
        }
        maxTimestamp = recordCount == 0 ? timestamp : Math.max(maxTimestamp, timestamp);
        recordCount++;
        lastOffset = offset;
        return offset;
    }

    private static int writeBytes(ByteBuffer target, int index, ByteBuffer bytes, int length) {
        index = Varint.writeVarint(target, index, length);
        if (length > 0) {
            target.put(index, bytes, bytes.position(), length);
        }
        return index + Math.max(length, 0);
    }

    private static int bodySize(int offsetDelta, long timestampDelta, int keyLength, int valueLength, int headersSize) {
        long size = 1L + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta)
                + Varint.sizeOfVarint(keyLength) + Math.max(keyLength, 0)
                + Varint.sizeOfVarint(valueLength) + Math.max(valueLength, 0)
                + headersSize;
        if (size > Integer.MAX_VALUE - RecordDescriptor.MAX_VARINT_BYTES) {
            throw new InvalidRecordException("record of " + size + " bytes exceeds the format's limit");
        }
        return (int) size;
    }

    private static int recordSize(int offsetDelta, long timestampDelta, int keyLength, int valueLength, int headersSize) {
        int body = bodySize(offsetDelta, timestampDelta, keyLength, valueLength, headersSize);
        return Varint.sizeOfVarint(body) + body;
    }

    private ByteBuffer ensureRecordRoom(long recordSize) {
        long needed = recordsEnd + recordSize;
        long ceiling = Integer.MAX_VALUE - LOG_OVERHEAD - (compressor == null ? 0 : RECORDS_OFFSET + 64 * 1024);
        if (needed > ceiling) {
            throw new InvalidRecordException("batch of " + needed + " bytes exceeds the format's 2 GiB limit");
        }
        if (compressor == null) {
            output = grow(output, (int) needed, recordsEnd);
            return output;
        }
        scratch = grow(scratch, (int) needed, recordsEnd);
        return scratch;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int needed, int used) {
        if (buffer.capacity() >= needed) {
            return buffer;
        }
        long capacity = buffer.capacity();
        while (capacity < needed) {
            capacity *= 2;
        }
        ByteBuffer larger = ByteBuffer.allocateDirect((int) Math.min(capacity, Integer.MAX_VALUE - 8));
        larger.put(0, buffer, 0, used);
        return larger;
    }

    /**
     * Finishes the batch: compresses the records if the codec asks, writes the header and CRC.
     *
     * @return a view of this builder's buffer holding exactly the batch (position 0, limit its size),
     *     valid until the next {@link #reset}; copy it to keep it
     */
    public ByteBuffer build() {
        int end = recordsEnd;
        if (compressor != null) {
            ByteBuffer source = scratch.duplicate();
            source.limit(recordsEnd).position(0);
            output = grow(output, RECORDS_OFFSET + compressor.maxCompressedLength(recordsEnd), 0);
            ByteBuffer target = output.duplicate();
            target.clear().position(RECORDS_OFFSET);
            end = RECORDS_OFFSET + compressor.compress(source, target);
        }
        writeHeader(end);
        built = true;
        ByteBuffer batch = output.duplicate();
        batch.limit(end).position(0);
        return batch;
    }

    private void writeHeader(int end) {
        int attributes = codec.id();
        if (logAppendTime) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            attributes |= TRANSACTIONAL_MASK;
        }
        if (control) {
            attributes |= CONTROL_MASK;
        }
        if (deleteHorizonSet) {
            attributes |= DELETE_HORIZON_MASK;
        }
        ByteBuffer out = output;
        out.putLong(BASE_OFFSET_OFFSET, baseOffset);
        out.putInt(BATCH_LENGTH_OFFSET, end - LOG_OVERHEAD);
        out.putInt(PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        out.put(MAGIC_OFFSET, MAGIC_V2);
        out.putShort(ATTRIBUTES_OFFSET, (short) attributes);
        out.putInt(LAST_OFFSET_DELTA_OFFSET, recordCount == 0 ? 0 : (int) (lastOffset - baseOffset));
        out.putLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
        out.putLong(MAX_TIMESTAMP_OFFSET, logAppendTime ? logAppendTimeMs : maxTimestamp);
        out.putLong(PRODUCER_ID_OFFSET, producerId);
        out.putShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        out.putInt(BASE_SEQUENCE_OFFSET, baseSequence);
        out.putInt(RECORDS_COUNT_OFFSET, recordCount);
        flyweight.wrap(out, 0).writeCrc();
    }

    private void requireEmpty(String what) {
        if (recordCount > 0) {
            throw new InvalidRecordException(what + " must be set before the first record");
        }
    }

    private static ByteBuffer wrapOrNull(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** Frees the codec context. */
    @Override
    public void close() {
        if (compressor != null) {
            compressor.close();
        }
    }
}

package dev.varve.engine.record;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.record.codec.Decompressor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reusable cursor over the records of one batch: decompresses the record section when the batch is
 * compressed (into a buffer it keeps, bounded by {@code maxDecompressedBytes}), then parses one record
 * per {@link #next()} into fields read straight from the bytes. No allocation per record; the
 * convenience copies ({@link #key()}, {@link #value()}, {@link #headers()}) allocate and are for
 * tools and tests.
 *
 * <p>Guarantee: every record {@link #next()} returns has lengths that fit its bytes, a record length
 * equal to what its fields use, header keys that are not null, and an offset delta above the previous
 * record's and at most the batch's last offset delta (so no record's offset leaves its batch, however
 * compaction thinned it); after the last record, the section
 * must end exactly, with as many records as the batch declares. Anything else is a
 * {@link CorruptRecordException}. Positions in it are the batch's start for compressed sections (the
 * detail gives the decompressed position) and the field's index for uncompressed ones, both relative
 * to the batch buffer's index 0. Not thread-safe; {@link #close()} frees the codec contexts.
 */
public final class RecordReader implements AutoCloseable {
    /** The default bound on one batch's decompressed record section: 64 MiB. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 << 20;

    private final Decompressor[] decompressors = new Decompressor[CompressionCodec.values().length];
    private final int maxDecompressedBytes;
    private final HeaderCursor headerCursor = new HeaderCursor();

    private RecordBatchFlyweight batch;
    private ByteBuffer records;
    private int sectionStart;
    private int sectionEnd;
    private int batchStart;
    private boolean compressed;
    private int remainingRecords;
    private int next;

    private long baseOffset;
    private long baseTimestamp;
    private boolean logAppendTime;
    private long maxTimestamp;

    private int recordStart;
    private byte attributes;
    private long timestampDelta;
    private int offsetDelta;
    private int lastOffsetDelta;
    private int keyOffset;
    private int keyLength;
    private int valueOffset;
    private int valueLength;
    private int headerCount;
    private int headersOffset;

    public RecordReader() {
        this(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    public RecordReader(int maxDecompressedBytes) {
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive: " + maxDecompressedBytes);
        }
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * Positions the cursor before the first record of {@code batch}, decompressing it if needed.
     * The batch must have passed {@link RecordBatchReader}'s checks.
     */
    public RecordReader open(RecordBatchFlyweight batch) {
        this.batch = batch;
        this.batchStart = batch.start();
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        this.maxTimestamp = batch.maxTimestamp();
        this.remainingRecords = batch.recordCount();
        this.lastOffsetDelta = batch.lastOffsetDelta();
        this.offsetDelta = -1;
        CompressionCodec codec = batch.compression();
        if (codec == null) {
            throw new CorruptRecordException(Reason.BAD_CODEC, batchStart, "codecId=" + batch.codecId());
        }
        ByteBuffer section = batch.buffer();
        compressed = codec != CompressionCodec.NONE;
        if (compressed) {
            ByteBuffer source = section.duplicate();
            source.limit(batch.end()).position(batch.recordsStart());
            try {
                records = decompressor(codec).decompress(source, maxDecompressedBytes);
            } catch (CorruptRecordException e) {
                throw e.shiftedBy(batch.recordsStart());
            }
            sectionStart = records.position();
            sectionEnd = records.limit();
        } else {
            records = section;
            sectionStart = batch.recordsStart();
            sectionEnd = batch.end();
        }
        next = sectionStart;
        return this;
    }

    private Decompressor decompressor(CompressionCodec codec) {
        Decompressor decompressor = decompressors[codec.id()];
        if (decompressor == null) {
            decompressor = codec.newDecompressor();
            decompressors[codec.id()] = decompressor;
        }
        return decompressor;
    }

    /**
     * Moves to the next record.
     *
     * @return false after the last record, once the section is known to end exactly there
     */
    public boolean next() {
        if (remainingRecords == 0) {
            if (next != sectionEnd) {
                throw corrupt(Reason.BAD_RECORD, next, (sectionEnd - next) + " bytes follow the batch's "
                        + batch.recordCount() + " declared records");
            }
            return false;
        }
        if (next >= sectionEnd) {
            throw corrupt(Reason.BAD_RECORD, next, "the section ends with " + remainingRecords
                    + " of " + batch.recordCount() + " declared records missing");
        }
        parseRecord(next);
        remainingRecords--;
        return true;
    }

    private void parseRecord(int start) {
        recordStart = start;
        long packed = readVarint(start, sectionEnd);
        int length = Varint.value(packed);
        int index = start + Varint.width(packed);
        if (length < RecordDescriptor.MIN_BODY_SIZE || length > sectionEnd - index) {
            throw corrupt(Reason.LENGTH_OUT_OF_BOUNDS, start, "recordLength=" + length + " with "
                    + (sectionEnd - index) + " bytes left");
        }
        int end = index + length;
        attributes = records.get(index++);
        timestampDelta = readVarlong(index, end);
        index += Varint.sizeOfVarlongAt(records, index);
        packed = readVarint(index, end);
        int delta = Varint.value(packed);
        if (delta <= offsetDelta || delta > lastOffsetDelta) {
            throw corrupt(Reason.BAD_RECORD, start, "offsetDelta=" + delta + " after " + offsetDelta
                    + " in a batch whose lastOffsetDelta=" + lastOffsetDelta);
        }
        offsetDelta = delta;
        index += Varint.width(packed);

        packed = readVarint(index, end);
        keyLength = lengthAt(packed, index, end, "keyLength");
        keyOffset = index + Varint.width(packed);
        index = keyOffset + Math.max(keyLength, 0);

        packed = readVarint(index, end);
        valueLength = lengthAt(packed, index, end, "valueLength");
        valueOffset = index + Varint.width(packed);
        index = valueOffset + Math.max(valueLength, 0);

        packed = readVarint(index, end);
        headerCount = Varint.value(packed);
        index += Varint.width(packed);
        if (headerCount < 0 || headerCount > end - index) {
            throw corrupt(Reason.LENGTH_OUT_OF_BOUNDS, index, "headerCount=" + headerCount
                    + " with " + (end - index) + " bytes left");
        }
        headersOffset = index;
        headerCursor.reset(headersOffset, headerCount, end);
        while (headerCursor.next()) {
            index = headerCursor.endOfHeader;
        }
        if (index != end) {
            throw corrupt(Reason.BAD_RECORD, start, "recordLength=" + length + " but its fields use "
                    + (index - (end - length)));
        }
        headerCursor.reset(headersOffset, headerCount, end);
        next = end;
    }

    /** {@link Varint#readVarint}, with a failure located like every other record-level error. */
    private long readVarint(int index, int limit) {
        try {
            return Varint.readVarint(records, index, limit);
        } catch (CorruptRecordException e) {
            throw located(e);
        }
    }

    private long readVarlong(int index, int limit) {
        try {
            return Varint.readVarlong(records, index, limit);
        } catch (CorruptRecordException e) {
            throw located(e);
        }
    }

    /** Varint errors carry an index into the (decompressed) section; in a compressed batch that is no batch position. */
    private CorruptRecordException located(CorruptRecordException e) {
        if (!compressed) {
            return e;
        }
        return new CorruptRecordException(e.reason(), batchStart,
                "decompressedPosition=" + (e.position() - sectionStart) + ", " + e.getMessage(), e);
    }

    private int lengthAt(long packed, int index, int end, String field) {
        int length = Varint.value(packed);
        int available = end - index - Varint.width(packed);
        if (length < RecordDescriptor.NULL_LENGTH || length > available) {
            throw corrupt(Reason.LENGTH_OUT_OF_BOUNDS, index, field + "=" + length + " with " + available + " bytes left");
        }
        return length;
    }

    private CorruptRecordException corrupt(Reason reason, int index, String detail) {
        if (compressed) {
            return new CorruptRecordException(reason, batchStart,
                    "decompressedPosition=" + (index - sectionStart) + ", " + detail);
        }
        return new CorruptRecordException(reason, index, detail);
    }

    /** The buffer the current record's bytes live in: the batch's own, or the decompressed section. */
    public ByteBuffer buffer() {
        return records;
    }

    /** The record's attributes byte (unused by the format, written as 0). */
    public byte attributes() {
        return attributes;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    public long offset() {
        return baseOffset + offsetDelta;
    }

    public long timestampDelta() {
        return timestampDelta;
    }

    /** The record's timestamp: base plus delta, or the batch's max timestamp under LogAppendTime. */
    public long timestamp() {
        return logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
    }

    /**
     * The record's sequence: the batch's base sequence plus the offset delta, wrapping; -1 if none.
     * Any negative base sequence means none, as Kafka's {@code DefaultRecord} reads it.
     */
    public int sequence() {
        int base = batch.baseSequence();
        if (base < 0) {
            return RecordBatchDescriptor.NO_VALUE;
        }
        // Kafka's DefaultRecordBatch.incrementSequence, overflow included, so that even a hostile
        // (negative) offset delta reads as the same sequence in both.
        return base > Integer.MAX_VALUE - offsetDelta ? offsetDelta - (Integer.MAX_VALUE - base) - 1 : base + offsetDelta;
    }

    /** Key length in bytes, or -1 for a null key. */
    public int keyLength() {
        return keyLength;
    }

    /** Index of the key's first byte in {@link #buffer()}. */
    public int keyOffset() {
        return keyOffset;
    }

    /** Value length in bytes, or -1 for a null value (a tombstone). */
    public int valueLength() {
        return valueLength;
    }

    /** Index of the value's first byte in {@link #buffer()}. */
    public int valueOffset() {
        return valueOffset;
    }

    /** Bytes the whole record takes in the (decompressed) section, length varint included. */
    public int sizeInBytes() {
        return next - recordStart;
    }

    /** A copy of the key, or null. Allocates. */
    public byte[] key() {
        return copy(keyOffset, keyLength);
    }

    /** A copy of the value, or null. Allocates. */
    public byte[] value() {
        return copy(valueOffset, valueLength);
    }

    public int headerCount() {
        return headerCount;
    }

    /** A cursor over the current record's headers, rewound; reused, so it allocates nothing. */
    public HeaderCursor headerCursor() {
        headerCursor.reset(headersOffset, headerCount, next);
        return headerCursor;
    }

    /** Copies of the current record's headers. Allocates. */
    public RecordHeader[] headers() {
        RecordHeader[] headers = new RecordHeader[headerCount];
        HeaderCursor cursor = headerCursor();
        for (int i = 0; cursor.next(); i++) {
            headers[i] = new RecordHeader(
                    new String(copy(cursor.keyOffset, cursor.keyLength), StandardCharsets.UTF_8),
                    copy(cursor.valueOffset, cursor.valueLength));
        }
        return headers;
    }

    /**
     * The control record type of the current record, read from its 4-byte key; only meaningful in a
     * control batch.
     *
     * @throws CorruptRecordException when the key is too short to hold a control key
     */
    public ControlRecordType controlType() {
        if (keyLength < ControlRecordType.KEY_SIZE) {
            throw corrupt(Reason.BAD_RECORD, keyOffset, "control record key of " + keyLength + " bytes");
        }
        return ControlRecordType.forType(records.getShort(keyOffset + 2));
    }

    /**
     * The coordinator epoch of the current end-transaction marker, read from its 6-byte value.
     *
     * @throws CorruptRecordException when the value is too short to hold a marker
     */
    public int coordinatorEpoch() {
        if (valueLength < ControlRecordType.END_TXN_VALUE_SIZE) {
            throw corrupt(Reason.BAD_RECORD, valueOffset, "end transaction marker value of " + valueLength + " bytes");
        }
        return records.getInt(valueOffset + 2);
    }

    private byte[] copy(int offset, int length) {
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        records.get(offset, bytes);
        return bytes;
    }

    @Override
    public void close() {
        for (int i = 0; i < decompressors.length; i++) {
            if (decompressors[i] != null) {
                decompressors[i].close();
                decompressors[i] = null;
            }
        }
    }

    /** A reusable cursor over one record's headers, reading keys and values in place. */
    public final class HeaderCursor {
        private int index;
        private int remaining;
        private int end;
        private int keyOffset;
        private int keyLength;
        private int valueOffset;
        private int valueLength;
        private int endOfHeader;

        void reset(int start, int count, int recordEnd) {
            this.index = start;
            this.remaining = count;
            this.end = recordEnd;
        }

        /** Moves to the next header; false after the last. */
        public boolean next() {
            if (remaining == 0) {
                return false;
            }
            long packed = readVarint(index, end);
            keyLength = Varint.value(packed);
            if (keyLength < 0) {
                throw corrupt(Reason.BAD_RECORD, index, "header keyLength=" + keyLength + ": header keys cannot be null");
            }
            keyLength = lengthAt(packed, index, end, "headerKeyLength");
            keyOffset = index + Varint.width(packed);
            index = keyOffset + keyLength;
            packed = readVarint(index, end);
            valueLength = lengthAt(packed, index, end, "headerValueLength");
            valueOffset = index + Varint.width(packed);
            index = valueOffset + Math.max(valueLength, 0);
            endOfHeader = index;
            remaining--;
            return true;
        }

        public int keyOffset() {
            return keyOffset;
        }

        public int keyLength() {
            return keyLength;
        }

        public int valueOffset() {
            return valueOffset;
        }

        /** The header value's length, or -1 for a null value. */
        public int valueLength() {
            return valueLength;
        }
    }
}

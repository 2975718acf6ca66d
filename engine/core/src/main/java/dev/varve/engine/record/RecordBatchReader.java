package dev.varve.engine.record;

import static dev.varve.engine.record.RecordBatchDescriptor.*;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;

/**
 * Walks the batches laid end to end in a buffer (a {@code .log} file's bytes, a fetch response, a
 * produce request), checking each header before it is exposed.
 *
 * <p>Guarantee: {@link #next()} either moves {@link #batch()} to a batch whose magic, declared length,
 * CRC-32C, codec id, record count and offset delta are sane and whose bytes lie wholly inside the
 * buffer, returns false at the exact end of the bytes, or throws a {@link CorruptRecordException}
 * whose position is the offending batch's start (or the field's) relative to the buffer's position
 * at {@link #reset}. Nothing is allocated per batch. Not thread-safe.
 */
public final class RecordBatchReader {
    private final RecordBatchFlyweight batch = new RecordBatchFlyweight();
    private final boolean verifyCrc;
    private ByteBuffer buffer;
    private int origin;
    private int limit;
    private int next;

    /** A reader that verifies every batch's CRC. */
    public RecordBatchReader() {
        this(true);
    }

    /** A reader that verifies CRCs only when asked: skip only for bytes verified before. */
    public RecordBatchReader(boolean verifyCrc) {
        this.verifyCrc = verifyCrc;
    }

    /**
     * Reads the bytes between {@code buffer}'s position and limit; the buffer's position is not moved.
     * The batch view reads a slice starting at that position, so every index and position that follows
     * ({@link #batch()}'s {@code start()}, {@link RecordReader}'s offsets and the positions of every
     * {@link CorruptRecordException}, batch-level or record-level) counts from where reading started.
     */
    public RecordBatchReader reset(ByteBuffer buffer) {
        this.buffer = buffer.slice();
        this.origin = 0;
        this.limit = this.buffer.limit();
        this.next = origin;
        return this;
    }

    /** The current batch; valid after {@link #next()} returned true. */
    public RecordBatchFlyweight batch() {
        return batch;
    }

    /** Bytes from the start to the end of the last batch {@link #next()} accepted: the valid prefix. */
    public int validBytes() {
        return next - origin;
    }

    /**
     * Moves to the next batch.
     *
     * @return false when the bytes end exactly after the previous batch
     * @throws CorruptRecordException when the bytes at the next batch are not a whole, valid batch
     */
    public boolean next() {
        int start = next;
        int remaining = limit - start;
        if (remaining == 0) {
            return false;
        }
        if (remaining < HEADER_SIZE_UP_TO_MAGIC) {
            throw corrupt(Reason.TRUNCATED, start, "only " + remaining + " bytes left, a batch header needs " + HEADER_SIZE);
        }
        byte magic = buffer.get(start + MAGIC_OFFSET);
        if (magic != MAGIC_V2) {
            throw corrupt(Reason.BAD_MAGIC, start, "magic=" + magic + ", expected 2");
        }
        int batchLength = buffer.getInt(start + BATCH_LENGTH_OFFSET);
        if (batchLength < HEADER_SIZE - LOG_OVERHEAD) {
            throw corrupt(Reason.LENGTH_OUT_OF_BOUNDS, start,
                    "batchLength=" + batchLength + " is below the header's " + (HEADER_SIZE - LOG_OVERHEAD));
        }
        if (batchLength > remaining - LOG_OVERHEAD) {
            throw corrupt(Reason.TRUNCATED, start,
                    "batchLength=" + batchLength + " but only " + (remaining - LOG_OVERHEAD) + " bytes follow");
        }
        batch.wrap(buffer, start);
        if (verifyCrc && !batch.isCrcValid()) {
            throw corrupt(Reason.BAD_CRC, start,
                    "storedCrc=" + batch.storedCrc() + ", computedCrc=" + batch.computeCrc());
        }
        checkFields(start, batchLength);
        next = start + batchLength + LOG_OVERHEAD;
        return true;
    }

    private void checkFields(int start, int batchLength) {
        int codecId = batch.codecId();
        if (CompressionCodec.forId(codecId) == null) {
            throw corrupt(Reason.BAD_CODEC, start, "codecId=" + codecId);
        }
        int count = batch.recordCount();
        int recordBytes = batchLength + LOG_OVERHEAD - HEADER_SIZE;
        if (count < 0 || codecId == CompressionCodec.NONE.id() && (long) count * RecordDescriptor.MIN_RECORD_SIZE > recordBytes) {
            throw corrupt(Reason.LENGTH_OUT_OF_BOUNDS, start,
                    "recordCount=" + count + " cannot fit in " + recordBytes + " bytes");
        }
        int lastOffsetDelta = batch.lastOffsetDelta();
        if (lastOffsetDelta < 0 || count > 0 && lastOffsetDelta < count - 1) {
            throw corrupt(Reason.LENGTH_OUT_OF_BOUNDS, start,
                    "lastOffsetDelta=" + lastOffsetDelta + " with recordCount=" + count);
        }
    }

    private CorruptRecordException corrupt(Reason reason, int index, String detail) {
        return new CorruptRecordException(reason, index - origin, detail);
    }
}

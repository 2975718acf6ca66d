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
        batch.wrap(buffer, start);
        checkHeader(batch, remaining, start - origin);
        if (verifyCrc && !batch.isCrcValid()) {
            throw corrupt(Reason.BAD_CRC, start,
                    "storedCrc=" + batch.storedCrc() + ", computedCrc=" + batch.computeCrc());
        }
        next = start + batch.sizeInBytes();
        return true;
    }

    /**
     * Checks everything in a batch header but its CRC: magic, declared length against the
     * {@code available} bytes from the batch's start, codec id, record count and last offset delta.
     * For callers that hold only the header (a file scanned header by header, its CRC computed in
     * chunks); {@code position} locates errors.
     *
     * @throws CorruptRecordException naming the first check that fails
     */
    public static void checkHeader(RecordBatchFlyweight batch, long available, long position) {
        byte magic = batch.magic();
        if (magic != MAGIC_V2) {
            throw new CorruptRecordException(Reason.BAD_MAGIC, position, "magic=" + magic + ", expected 2");
        }
        int batchLength = batch.batchLength();
        if (batchLength < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException(Reason.LENGTH_OUT_OF_BOUNDS, position,
                    "batchLength=" + batchLength + " is below the header's " + (HEADER_SIZE - LOG_OVERHEAD));
        }
        if (batchLength > available - LOG_OVERHEAD) {
            throw new CorruptRecordException(Reason.TRUNCATED, position,
                    "batchLength=" + batchLength + " but only " + (available - LOG_OVERHEAD) + " bytes follow");
        }
        int codecId = batch.codecId();
        if (CompressionCodec.forId(codecId) == null) {
            throw new CorruptRecordException(Reason.BAD_CODEC, position, "codecId=" + codecId);
        }
        int count = batch.recordCount();
        int recordBytes = batchLength + LOG_OVERHEAD - HEADER_SIZE;
        if (count < 0 || codecId == CompressionCodec.NONE.id() && (long) count * RecordDescriptor.MIN_RECORD_SIZE > recordBytes) {
            throw new CorruptRecordException(Reason.LENGTH_OUT_OF_BOUNDS, position,
                    "recordCount=" + count + " cannot fit in " + recordBytes + " bytes");
        }
        int lastOffsetDelta = batch.lastOffsetDelta();
        if (lastOffsetDelta < 0 || count > 0 && lastOffsetDelta < count - 1) {
            throw new CorruptRecordException(Reason.LENGTH_OUT_OF_BOUNDS, position,
                    "lastOffsetDelta=" + lastOffsetDelta + " with recordCount=" + count);
        }
    }

    private CorruptRecordException corrupt(Reason reason, int index, String detail) {
        return new CorruptRecordException(reason, index - origin, detail);
    }
}

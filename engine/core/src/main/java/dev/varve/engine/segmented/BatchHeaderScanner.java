package dev.varve.engine.segmented;

import static dev.varve.engine.record.RecordBatchDescriptor.*;

import dev.varve.engine.log.SegmentFile;
import java.nio.ByteBuffer;

/**
 * Walks the batch headers of a segment file with one small positional read per batch, without
 * reading record bytes: how a segment finds the batch holding an offset and how many whole batches
 * fit a read. Trusts the structure of the range it is given: its callers end it at the segment's
 * checked prefix ({@link SegmentCheck}), and start it at a batch boundary or at an index entry they then
 * verify. Reuses one header buffer; not thread-safe, one per reading thread.
 */
final class BatchHeaderScanner {
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
    private SegmentFile file;
    private int position;
    private int size;
    private int end;

    /** Positions the scanner at {@code position} in {@code file}, to stop at {@code end}. */
    BatchHeaderScanner reset(SegmentFile file, int position, int end) {
        this.file = file;
        this.position = position;
        this.size = -1;
        this.end = end;
        return this;
    }

    /**
     * Reads the next header; false at the end of the scanned range, or where the bytes cannot be a
     * batch header (a position outside the file, a length out of range or a wrong magic: a stale or
     * corrupt index pointed here).
     */
    boolean next() {
        if (size >= 0) {
            position += size;
        }
        if (position < 0 || end - position < HEADER_SIZE) {
            size = 0;
            return false;
        }
        header.clear();
        file.read(header, position);
        size = header.getInt(BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
        if (size < HEADER_SIZE || size > end - position || header.get(MAGIC_OFFSET) != MAGIC_V2) {
            size = 0;
            return false;
        }
        return true;
    }

    /** Start of the current batch in the file. */
    int position() {
        return position;
    }

    /** Size of the current batch. */
    int size() {
        return size;
    }

    long baseOffset() {
        return header.getLong(BASE_OFFSET_OFFSET);
    }

    long lastOffset() {
        return baseOffset() + header.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    long maxTimestamp() {
        return header.getLong(MAX_TIMESTAMP_OFFSET);
    }
}

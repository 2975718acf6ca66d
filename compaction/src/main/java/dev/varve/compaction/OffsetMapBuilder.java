package dev.varve.compaction;

import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Fills an {@link OffsetMap} from the dirty section of a log, Kafka's {@code Cleaner.buildOffsetMap}:
 * every keyed record with an offset in {@code [startOffset, endOffset)} puts (key, offset), in offset
 * order, so each key ends at its latest offset. Control batches carry no data keys and are skipped;
 * so are transactional data batches (see below).
 * When the map fills, building stops and {@link OffsetMap#latestOffset()} marks how far it got: the
 * cleaner then keeps everything above it for the next pass.
 *
 * <p>Transactions: Kafka skips only the batches of aborted transactions, found in the transaction
 * index; the engine has none yet, so every transactional batch is skipped (and kept whole by the
 * cleaner): an aborted record never shadows an earlier committed one, at the cost of never compacting
 * transactional data. Reads through one bounded buffer; allocates nothing per record. Not thread-safe.
 */
public final class OffsetMapBuilder implements AutoCloseable {
    private final SegmentBatchCursor cursor;
    private final RecordReader reader = new RecordReader();

    /** A builder reading with a buffer of {@code ioBufferBytes} (grown only for a larger batch). */
    public OffsetMapBuilder(int ioBufferBytes) {
        this(ioBufferBytes, IoThrottle.UNLIMITED);
    }

    /** A builder whose reads count against {@code throttle}. */
    public OffsetMapBuilder(int ioBufferBytes, IoThrottle throttle) {
        this.cursor = new SegmentBatchCursor(ioBufferBytes, throttle);
    }

    /**
     * Reads the {@code .log} files {@code segments} (oldest first) into {@code map}.
     *
     * @return true when every record below {@code endOffset} was read (the map's latest offset is then
     *     {@code endOffset - 1}); false when the map filled first
     * @throws dev.varve.engine.api.CorruptRecordException when a segment is corrupt
     * @throws dev.varve.engine.api.LogStorageException on an I/O error
     */
    public boolean build(OffsetMap map, List<Path> segments, long startOffset, long endOffset) {
        cursor.restart();
        for (Path segment : segments) {
            cursor.open(segment);
            while (cursor.next()) {
                RecordBatchFlyweight batch = cursor.batch();
                if (batch.baseOffset() >= endOffset) {
                    map.advanceLatestOffset(endOffset - 1);
                    return true;
                }
                if (batch.lastOffset() >= startOffset && !batch.isTransactional() && !batch.isControl()
                        && !putKeys(map, batch, startOffset, endOffset)) {
                    return false;
                }
                map.advanceLatestOffset(Math.min(batch.lastOffset(), endOffset - 1));
            }
        }
        map.advanceLatestOffset(endOffset - 1);
        return true;
    }

    private boolean putKeys(OffsetMap map, RecordBatchFlyweight batch, long startOffset, long endOffset) {
        reader.open(batch);
        while (reader.next()) {
            long offset = reader.offset();
            if (offset >= startOffset && offset < endOffset && reader.keyLength() >= 0
                    && !map.put(reader.buffer(), reader.keyOffset(), reader.keyLength(), offset)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        cursor.close();
        reader.close();
    }
}

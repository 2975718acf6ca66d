package dev.varve.tiered;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.log.OffsetIndexDescriptor;
import dev.varve.engine.log.TimeIndexDescriptor;
import dev.varve.engine.log.TimestampSearch;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordReader;
import dev.varve.lmdb.RemoteObject;
import dev.varve.lmdb.RemoteSegmentMetadata;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Reads record batches of remote segments as a local segment serves them. The segment's offset index
 * (fetched whole once, checked against its recorded CRC-32C, then cached) gives the position to start
 * from; the {@code .log} object is read in fixed chunks ({@code remote.log.reader.chunk.bytes}) through
 * the {@link RemoteChunkCache}, so a read fetches with ranged GETs only the chunks that hold the batches
 * it returns. Every batch returned is checked (header within the object, CRC-32C, and the order of
 * {@link BatchOrder} among the batches of the read, within the segment's offsets), so a damaged or
 * truncated object is a {@link RemoteObjectCorruptException} naming key and position, a missing one a
 * {@link RemoteObjectNotFoundException}: never wrong records. Thread-safe.
 */
final class RemoteSegmentReader {
    private static final int LOG = 0;
    private static final int OFFSET_INDEX = 1;
    private static final int TIME_INDEX = 2;

    private final RemoteStore store;
    private final RemoteChunkCache cache;
    private final int chunkBytes;

    RemoteSegmentReader(RemoteStore store, RemoteChunkCache cache, int chunkBytes) {
        if (chunkBytes < RecordBatchDescriptor.HEADER_SIZE) {
            throw new IllegalArgumentException("chunk size too small: " + chunkBytes);
        }
        this.store = store;
        this.cache = cache;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Whole batches of {@code segment} from the one holding {@code startOffset}, up to {@code maxBytes} (at
     * least one batch), stopping before a batch holding an offset at or above {@code maxOffset} and at the
     * end of the segment.
     */
    ByteBuffer read(RemoteSegmentMetadata segment, long startOffset, int maxBytes, long maxOffset) {
        RemoteObject log = segment.objects().get(LOG);
        RecordBatchFlyweight batch = new RecordBatchFlyweight();
        long position = floorPosition(segment, startOffset);
        while (position < log.sizeBytes()) {
            header(log, position, batch);
            if (batch.lastOffset() >= startOffset) {
                break;
            }
            position += batch.sizeInBytes();
        }
        long first = position;
        while (position < log.sizeBytes()) {
            header(log, position, batch);
            boolean fits = position == first || position - first + batch.sizeInBytes() <= maxBytes;
            if (batch.lastOffset() >= maxOffset || !fits) {
                break;
            }
            position += batch.sizeInBytes();
        }
        ByteBuffer bytes = ByteBuffer.wrap(bytes(log, first, (int) (position - first)));
        BatchOrder order = new BatchOrder().startSegment(segment.baseOffset(), segment.endOffset() + 1);
        for (int at = 0; at < bytes.limit(); at += batch.sizeInBytes()) {
            batch.wrap(bytes, at);
            if (!batch.isCrcValid()) {
                throw new RemoteObjectCorruptException("read", log.key(), first + at, "record batch CRC-32C mismatch: "
                        + "baseOffset=" + batch.baseOffset());
            }
            try {
                order.check(batch, first + at);
            } catch (CorruptRecordException e) {
                throw new RemoteObjectCorruptException("read", log.key(), e.position(), e.getMessage());
            }
        }
        return bytes.asReadOnlyBuffer();
    }

    /**
     * The first record of {@code segment} at or above {@code minOffset} stamped at or after
     * {@code timestamp}, or null. Starts from the time index's last entry older than the target.
     */
    TimestampOffset offsetForTimestamp(RemoteSegmentMetadata segment, long timestamp, long minOffset,
            RecordReader records) {
        RemoteObject log = segment.objects().get(LOG);
        long position = floorPosition(segment, Math.max(minOffset, olderEntryOffset(segment, timestamp)));
        RecordBatchFlyweight batch = new RecordBatchFlyweight();
        while (position < log.sizeBytes()) {
            header(log, position, batch);
            int size = batch.sizeInBytes();
            if (batch.maxTimestamp() >= timestamp && batch.lastOffset() >= minOffset) {
                ByteBuffer whole = ByteBuffer.wrap(bytes(log, position, size));
                batch.wrap(whole, 0);
                if (!batch.isCrcValid()) {
                    throw new RemoteObjectCorruptException("read", log.key(), position, "record batch CRC-32C mismatch");
                }
                TimestampOffset found = TimestampSearch.firstAtOrAfter(batch, records, timestamp, minOffset);
                if (found != null) {
                    return found;
                }
            }
            position += size;
        }
        return null;
    }

    /** The position of the offset index's last entry at or below {@code offset}, or 0. */
    private long floorPosition(RemoteSegmentMetadata segment, long offset) {
        ByteBuffer index = ByteBuffer.wrap(whole(segment.objects().get(OFFSET_INDEX)));
        int low = 0;
        int high = index.limit() / OffsetIndexDescriptor.ENTRY_SIZE - 1;
        long found = 0;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int relative = OffsetIndexDescriptor.relativeOffset(index, mid);
            boolean padding = mid > 0 && relative == 0;
            if (!padding && segment.baseOffset() + relative <= offset) {
                found = OffsetIndexDescriptor.position(index, mid);
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The offset of the time index's last entry stamped before {@code timestamp}, or the segment's base. */
    private long olderEntryOffset(RemoteSegmentMetadata segment, long timestamp) {
        ByteBuffer index = ByteBuffer.wrap(whole(segment.objects().get(TIME_INDEX)));
        long offset = segment.baseOffset();
        int entries = index.limit() / TimeIndexDescriptor.ENTRY_SIZE;
        for (int slot = 0; slot < entries; slot++) {
            long entryTimestamp = TimeIndexDescriptor.timestamp(index, slot);
            if (entryTimestamp >= timestamp || slot > 0 && entryTimestamp == 0) {
                break;
            }
            offset = segment.baseOffset() + TimeIndexDescriptor.relativeOffset(index, slot);
        }
        return offset;
    }

    private void header(RemoteObject log, long position, RecordBatchFlyweight batch) {
        int length = (int) Math.min(RecordBatchDescriptor.HEADER_SIZE, log.sizeBytes() - position);
        batch.wrap(ByteBuffer.wrap(bytes(log, position, length)), 0);
        if (length < RecordBatchDescriptor.HEADER_SIZE || batch.batchLength() < RecordBatchDescriptor.HEADER_SIZE
                - RecordBatchDescriptor.LOG_OVERHEAD || position + batch.sizeInBytes() > log.sizeBytes()) {
            throw new RemoteObjectCorruptException("read", log.key(), position, "no whole record batch here: objectBytes="
                    + log.sizeBytes());
        }
    }

    /** {@code length} bytes of the object from {@code position}, assembled from cached chunks. */
    private byte[] bytes(RemoteObject object, long position, int length) {
        byte[] out = new byte[length];
        int copied = 0;
        while (copied < length) {
            long at = position + copied;
            long chunk = at / chunkBytes;
            byte[] bytes = cache.get(new RemoteChunkCache.Key(object.key(), chunk), () -> fetch(object, chunk));
            int from = (int) (at - chunk * chunkBytes);
            int n = Math.min(length - copied, bytes.length - from);
            System.arraycopy(bytes, from, out, copied, n);
            copied += n;
        }
        return out;
    }

    private byte[] fetch(RemoteObject object, long chunk) {
        long start = chunk * chunkBytes;
        return range(object, start, (int) Math.min(chunkBytes, object.sizeBytes() - start));
    }

    /** The whole object, checked against the CRC-32C recorded when it was uploaded, cached. */
    private byte[] whole(RemoteObject object) {
        return cache.get(new RemoteChunkCache.Key(object.key(), RemoteChunkCache.Key.WHOLE), () -> {
            byte[] bytes = range(object, 0, (int) object.sizeBytes());
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            String actual = "crc32c:" + HexFormat.of().toHexDigits((int) crc.getValue());
            if (!actual.equals(object.checksum())) {
                throw new RemoteObjectCorruptException("read", object.key(), 0, "checksum " + actual + " but "
                        + object.checksum() + " was recorded at upload");
            }
            return bytes;
        });
    }

    private byte[] range(RemoteObject object, long start, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (store.read(object.key(), start + buffer.position(), buffer) < 0) {
                throw new RemoteObjectCorruptException("read", object.key(), start + buffer.position(),
                        "object ends before its recorded size " + object.sizeBytes());
            }
        }
        return buffer.array();
    }
}

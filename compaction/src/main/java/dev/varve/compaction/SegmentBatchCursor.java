package dev.varve.compaction;

import static dev.varve.engine.record.RecordBatchDescriptor.BATCH_LENGTH_OFFSET;
import static dev.varve.engine.record.RecordBatchDescriptor.HEADER_SIZE;
import static dev.varve.engine.record.RecordBatchDescriptor.LOG_OVERHEAD;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks the batches of one closed {@code .log} file through a bounded read buffer (Kafka's
 * {@code log.cleaner.io.buffer.size} half), growing it only for a batch larger than the buffer. Every
 * batch is checked ({@link RecordBatchReader#checkHeader}, CRC-32C, and {@link BatchOrder}: offsets
 * above the previous batch's and at or above the segment's base offset (named by the file), not reaching
 * into the next file of the walk) before it is exposed; a torn or corrupt
 * file throws {@link CorruptRecordException} with the file position. Not thread-safe; the buffer is
 * reused from file to file.
 */
final class SegmentBatchCursor implements AutoCloseable {
    private final RecordBatchFlyweight batch = new RecordBatchFlyweight();
    private final BatchOrder order = new BatchOrder();
    private boolean walking;
    private ByteBuffer buffer;
    private FileChannel channel;
    private Path path;
    private long fileSize;
    private long bufferFilePosition;
    private int next;
    private long bytesRead;
    private final IoThrottle throttle;

    SegmentBatchCursor(int bufferBytes) {
        this(bufferBytes, IoThrottle.UNLIMITED);
    }

    /** A cursor that reports every read to {@code throttle} ({@code log.cleaner.io.max.bytes.per.second}). */
    SegmentBatchCursor(int bufferBytes, IoThrottle throttle) {
        this.buffer = ByteBuffer.allocateDirect(Math.max(bufferBytes, HEADER_SIZE));
        this.throttle = throttle;
    }

    /**
     * Starts reading {@code log} from its first byte; closes the previous file. The files of one walk
     * (one cleaning group) are opened in offset order, each continuing the previous one's order; the
     * first file of a new walk follows {@link #restart()}.
     *
     * @throws CorruptRecordException when the previous file's last batch reaches this file's base offset
     */
    SegmentBatchCursor open(Path log) {
        closeChannel();
        long base = LogFileName.parse(log.getFileName().toString()).map(LogFileName::baseOffset).orElse(0L);
        if (walking && order.lastOffset() >= base) {
            throw new CorruptRecordException(Reason.BAD_OFFSET, fileSize, "file=" + path + ", its last batch ends at offset "
                    + order.lastOffset() + ", in the range of the next segment " + log);
        }
        order.startSegment(base, Long.MAX_VALUE);
        walking = true;
        try {
            channel = FileChannel.open(log, StandardOpenOption.READ);
            fileSize = channel.size();
        } catch (IOException e) {
            throw new LogStorageException("open for cleaning", log.toString(), e);
        }
        path = log;
        bufferFilePosition = 0;
        next = 0;
        buffer.clear().limit(0);
        return this;
    }

    /** Forgets the previous file: the next {@link #open} starts a new walk. */
    SegmentBatchCursor restart() {
        walking = false;
        return this;
    }

    /** The current batch: valid after {@link #next()} returned true, until the next call. */
    RecordBatchFlyweight batch() {
        return batch;
    }

    /** Bytes of batches returned so far, over all files. */
    long bytesRead() {
        return bytesRead;
    }

    /** Moves to the next batch; false at the exact end of the file. */
    boolean next() {
        long position = bufferFilePosition + next;
        if (position == fileSize) {
            return false;
        }
        if (!ensure(LOG_OVERHEAD)) {
            throw corrupt(Reason.TRUNCATED, position, (fileSize - position) + " bytes left, a batch needs " + HEADER_SIZE);
        }
        long size = (long) buffer.getInt(next + BATCH_LENGTH_OFFSET) + LOG_OVERHEAD;
        if (size < HEADER_SIZE || size > fileSize - position) {
            throw corrupt(Reason.TRUNCATED, position, "batch of " + size + " bytes with " + (fileSize - position) + " left");
        }
        ensure((int) size);
        batch.wrap(buffer, next);
        RecordBatchReader.checkHeader(batch, fileSize - position, position);
        if (!batch.isCrcValid()) {
            throw corrupt(Reason.BAD_CRC, position, "storedCrc=" + batch.storedCrc() + ", computedCrc=" + batch.computeCrc());
        }
        try {
            order.check(batch, position);
        } catch (CorruptRecordException e) {
            throw e.inFile(path.toString());
        }
        next += (int) size;
        bytesRead += size;
        return true;
    }

    /** Makes {@code bytes} from {@code next} available in the buffer; false when the file ends first. */
    private boolean ensure(int bytes) {
        if (buffer.limit() - next >= bytes) {
            return true;
        }
        if (bufferFilePosition + next + bytes > fileSize) {
            return false;
        }
        buffer.position(next);
        buffer.compact();
        bufferFilePosition += next;
        next = 0;
        if (buffer.capacity() < bytes) {
            ByteBuffer larger = ByteBuffer.allocateDirect(bytes);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
        try {
            int before = buffer.position();
            while (buffer.position() < bytes) {
                if (channel.read(buffer, bufferFilePosition + buffer.position()) < 0) {
                    throw corrupt(Reason.TRUNCATED, bufferFilePosition + buffer.position(), "file shrank while being cleaned");
                }
            }
            throttle.acquire(buffer.position() - before);
        } catch (IOException e) {
            throw new LogStorageException("read for cleaning", path.toString(), e);
        }
        buffer.flip();
        return true;
    }

    private CorruptRecordException corrupt(Reason reason, long position, String detail) {
        return new CorruptRecordException(reason, position, "file=" + path + ", " + detail);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new LogStorageException("close", path.toString(), e);
            } finally {
                channel = null;
            }
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}

package dev.varve.compaction;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.log.SegmentFile;
import dev.varve.engine.log.SegmentIndexer;
import dev.varve.engine.log.TimeIndex;
import dev.varve.engine.record.RecordBatchFlyweight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one cleaned segment: {@code <base>.log.cleaned} with its {@code .index.cleaned} and
 * {@code .timeindex.cleaned}, indexed exactly as Kafka's {@code LogSegment.append} indexes a segment
 * (an offset entry, keyed by the batch's last offset, when more than {@code index.interval.bytes}
 * accumulated before the batch; the time entry beside it; the final time entry on finish).
 *
 * <p>Creating the writer first deletes any {@code .cleaned} files of that base offset (leftovers of
 * an interrupted pass, as Kafka does). {@link #finish()} fsyncs all three files and trims the
 * indexes; {@link #abort()} deletes them. Either way nothing outside the {@code .cleaned} names is
 * touched, so a crash at any point leaves only {@code .cleaned} files, which a log load deletes.
 * Not thread-safe.
 */
final class CleanedSegmentWriter implements AutoCloseable {
    private final RecordBatchFlyweight header = new RecordBatchFlyweight();
    private final ByteBuffer pending;
    private final SegmentFile log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final SegmentIndexer indexer;
    private boolean open = true;

    private CleanedSegmentWriter(Path dir, long baseOffset, int indexIntervalBytes, int maxIndexBytes, int writeBufferBytes) {
        this.pending = ByteBuffer.allocateDirect(writeBufferBytes);
        deleteIfExists(cleaned(dir, baseOffset, LogFileType.LOG));
        deleteIfExists(cleaned(dir, baseOffset, LogFileType.OFFSET_INDEX));
        deleteIfExists(cleaned(dir, baseOffset, LogFileType.TIME_INDEX));
        this.log = SegmentFile.open(cleaned(dir, baseOffset, LogFileType.LOG));
        this.offsetIndex = OffsetIndex.open(cleaned(dir, baseOffset, LogFileType.OFFSET_INDEX), baseOffset, maxIndexBytes);
        this.timeIndex = TimeIndex.open(cleaned(dir, baseOffset, LogFileType.TIME_INDEX), baseOffset, maxIndexBytes);
        this.indexer = new SegmentIndexer(offsetIndex, timeIndex, indexIntervalBytes);
    }

    static CleanedSegmentWriter create(Path dir, long baseOffset, CleanerOptions options) {
        return new CleanedSegmentWriter(dir, baseOffset, options.indexIntervalBytes(), options.segmentIndexBytes(),
                options.ioBufferBytes());
    }

    /** The {@code .cleaned} file of {@code type} for the segment at {@code baseOffset}. */
    static Path cleaned(Path dir, long baseOffset, LogFileType type) {
        return LogFileName.of(baseOffset, type).withSuffix(LogFileName.Suffix.CLEANED).resolveIn(dir);
    }

    /** Appends one whole batch (position to limit, left unmoved) and indexes it. */
    void append(ByteBuffer batch) {
        header.wrap(batch, batch.position());
        int size = batch.remaining();
        int position = sizeInBytes();
        indexer.index(header, position);
        if (size > pending.remaining()) {
            drain();
        }
        if (size > pending.capacity()) {
            log.append(batch);
        } else {
            pending.put(batch.duplicate());
        }
    }

    /** Bytes written so far, buffered ones included. */
    int sizeInBytes() {
        return log.sizeInBytes() + pending.position();
    }

    private void drain() {
        if (pending.position() > 0) {
            pending.flip();
            log.append(pending);
            pending.clear();
        }
    }

    /** Writes what is buffered, adds the final time entry, trims the indexes, fsyncs and closes all three files. */
    void finish() {
        drain();
        if (log.sizeInBytes() > 0) {
            indexer.finish();
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
        closeFiles();
    }

    /** Closes and deletes the three files. */
    void abort() {
        if (open) {
            open = false;
            log.delete();
            offsetIndex.deleteIfExists();
            timeIndex.deleteIfExists();
        }
    }

    private void closeFiles() {
        if (open) {
            open = false;
            offsetIndex.close();
            timeIndex.close();
            log.close();
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LogStorageException("delete stale cleaned file", file.toString(), e);
        }
    }

    /** Same as {@link #abort()} unless {@link #finish()} ran. */
    @Override
    public void close() {
        abort();
    }
}

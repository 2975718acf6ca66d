package dev.varve.compaction;

import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites one group of closed segments into one cleaned segment, Kafka's {@code Cleaner.cleanSegments}:
 * {@code <base>.log.cleaned}, {@code .index.cleaned} and {@code .timeindex.cleaned} beside the
 * originals, named after the group's first base offset. What stays is decided by {@link BatchFilter}'s
 * rules (Kafka's): the latest record of every key the map knows, every record the map does not cover,
 * tombstones until their batch's delete horizon; offsets, timestamps, codecs and producer fields kept;
 * batches emptied and dropped leave no gap: each run of them stays as one empty batch, so the cleaned
 * segment covers the group's offsets without a gap, from its base offset (its name) to where the group
 * ended.
 *
 * <p>Guarantees: the originals are only read; on success the three {@code .cleaned} files are complete
 * and fsynced, and every batch in them has a valid CRC-32C and offsets strictly increasing and within
 * the group's range, each batch starting right after the one before when the group's batches did; on any exception they are deleted. The caller owns what comes next: swapping the
 * files in (see the package documentation). Not thread-safe: one pass at a time per instance.
 */
public final class SegmentCleaner {
    private final CleanerOptions options;
    private final IoThrottle throttle;

    public SegmentCleaner(CleanerOptions options) {
        this(options, IoThrottle.UNLIMITED);
    }

    /** A cleaner whose reads count against {@code throttle} ({@code log.cleaner.io.max.bytes.per.second}). */
    public SegmentCleaner(CleanerOptions options, IoThrottle throttle) {
        this.options = Objects.requireNonNull(options, "options");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /**
     * Cleans {@code segmentLogs} ({@code .log} files of one partition folder, oldest first, all closed
     * and below the active segment) into one cleaned segment.
     *
     * @param map the offset map built over the dirty section ({@link OffsetMapBuilder})
     * @param cleanableEndOffset the first offset not to clean (Kafka's first uncleanable offset);
     *     records at or above it, or above the map's latest offset, are kept as they are
     * @param nowMs the time now, for tombstone horizons
     * @param producers the active producers' last offsets, whose last batches stay even if empty
     * @throws IllegalArgumentException when the files are not live {@code .log} files of one folder in
     *     increasing base-offset order
     * @throws dev.varve.engine.api.CorruptRecordException when a source segment is corrupt
     * @throws dev.varve.engine.api.LogStorageException on an I/O error
     */
    public CleaningResult clean(List<Path> segmentLogs, OffsetMap map, long cleanableEndOffset, long nowMs,
            ActiveProducers producers) {
        long baseOffset = checkGroup(segmentLogs);
        Path dir = segmentLogs.get(0).toAbsolutePath().getParent();
        long coveredUpTo = Math.min(map.latestOffset(), cleanableEndOffset - 1);
        CleaningStats stats = new CleaningStats();
        long bytesRead;
        long bytesWritten;
        try (CleanedSegmentWriter out = CleanedSegmentWriter.create(dir, baseOffset, options);
                SegmentBatchCursor cursor = new SegmentBatchCursor(options.ioBufferBytes(), throttle);
                BatchFilter filter = new BatchFilter(map, coveredUpTo, nowMs, options.deleteRetentionMs(), producers)) {
            for (Path log : segmentLogs) {
                cursor.open(log);
                while (cursor.next()) {
                    filter.filter(cursor.batch(), out, stats);
                }
            }
            filter.endGroup(out, stats);
            bytesRead = cursor.bytesRead();
            bytesWritten = out.sizeInBytes();
            out.finish();
        }
        return new CleaningResult(
                CleanedSegmentWriter.cleaned(dir, baseOffset, LogFileType.LOG),
                CleanedSegmentWriter.cleaned(dir, baseOffset, LogFileType.OFFSET_INDEX),
                CleanedSegmentWriter.cleaned(dir, baseOffset, LogFileType.TIME_INDEX),
                segmentLogs.size(), stats.batchesRead, stats.batchesWritten, stats.emptyBatchesKept,
                stats.recordsRead, stats.recordsKept, stats.tombstonesKept, stats.tombstonesRemoved,
                stats.keylessRemoved, bytesRead, bytesWritten);
    }

    /** The group's base offset, after checking names, folder and order. */
    private static long checkGroup(List<Path> segmentLogs) {
        if (segmentLogs.isEmpty()) {
            throw new IllegalArgumentException("no segments to clean");
        }
        Path dir = segmentLogs.get(0).toAbsolutePath().getParent();
        long previous = -1;
        for (Path log : segmentLogs) {
            LogFileName name = LogFileName.parse(log.getFileName().toString())
                    .filter(n -> n.type() == LogFileType.LOG && n.suffix() == LogFileName.Suffix.NONE)
                    .orElseThrow(() -> new IllegalArgumentException("not a live .log file: file=" + log));
            if (name.baseOffset() <= previous) {
                throw new IllegalArgumentException("segments out of order: file=" + log + ", previousBaseOffset=" + previous);
            }
            if (!log.toAbsolutePath().getParent().equals(dir)) {
                throw new IllegalArgumentException("segments of two folders: file=" + log + ", folder=" + dir);
            }
            previous = name.baseOffset();
        }
        return LogFileName.parse(segmentLogs.get(0).getFileName().toString()).orElseThrow().baseOffset();
    }
}

package dev.varve.compaction;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.segmented.CleanableLog;
import dev.varve.engine.segmented.CleanableLog.ClosedSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a log's cleaning stands, Kafka's {@code LogToClean}: the clean prefix below
 * {@code firstDirtyOffset} (the cleaner checkpoint, clamped to the log start), the dirty section up to
 * {@code firstUncleanableOffset} (the active segment's base, or with {@code min.compaction.lag.ms > 0}
 * the base of the first dirty segment holding a record younger than the lag), their sizes in whole
 * segments, and the dirty segments themselves. Immutable; a snapshot of the moment it was taken.
 */
record DirtySection(long firstDirtyOffset, long firstUncleanableOffset, long cleanBytes, long dirtyBytes,
        List<ClosedSegment> closedSegments, List<ClosedSegment> dirtySegments) {

    /** The section of {@code log} now, from {@code checkpoint}. */
    static DirtySection of(CleanableLog log, CleanerCheckpoint checkpoint, long nowMs) {
        List<ClosedSegment> closed = log.closedSegments();
        long activeBase = log.activeSegmentBaseOffset();
        long firstDirty = checkpoint.firstDirtyOffset(log.topicPartition(), log.logStartOffset(), activeBase);
        long uncleanable = firstUncleanableOffset(closed, activeBase, firstDirty, log.config(), nowMs);
        long cleanBytes = 0;
        long dirtyBytes = 0;
        List<ClosedSegment> dirty = new ArrayList<>();
        for (ClosedSegment segment : closed) {
            if (segment.nextBaseOffset() <= firstDirty) {
                cleanBytes += segment.sizeInBytes();
            } else if (segment.baseOffset() < uncleanable) {
                dirtyBytes += segment.sizeInBytes();
                dirty.add(segment);
            }
        }
        return new DirtySection(firstDirty, uncleanable, cleanBytes, dirtyBytes, closed, dirty);
    }

    private static long firstUncleanableOffset(List<ClosedSegment> closed, long activeBase, long firstDirty, LogConfig config, long nowMs) {
        long lagMs = config.getLong(LogConfigKey.MIN_COMPACTION_LAG_MS);
        if (lagMs > 0) {
            for (ClosedSegment segment : closed) {
                if (segment.nextBaseOffset() > firstDirty && segment.largestTimestamp() > nowMs - lagMs) {
                    return Math.max(segment.baseOffset(), firstDirty);
                }
            }
        }
        return activeBase;
    }

    /** Dirty bytes over all bytes below the first uncleanable offset (0 when there are none). */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /**
     * Whether {@code max.compaction.lag.ms} forces a pass: the first dirty segment's first batch is older
     * than the lag (Kafka reads the same timestamp). False when nothing is dirty.
     */
    boolean compactionLagExceeded(LogConfig config, long nowMs) {
        long maxLagMs = config.getLong(LogConfigKey.MAX_COMPACTION_LAG_MS);
        if (dirtySegments.isEmpty() || dirtyBytes == 0 || maxLagMs == Long.MAX_VALUE) {
            return false;
        }
        long first = firstBatchTimestamp(dirtySegments.get(0).log());
        return first >= 0 && nowMs - first > maxLagMs;
    }

    /** The max timestamp of a segment file's first batch, or -1 when it has none. */
    private static long firstBatchTimestamp(Path log) {
        ByteBuffer header = ByteBuffer.allocate(RecordBatchDescriptor.HEADER_SIZE);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // fill the header
            }
        } catch (IOException e) {
            throw new LogStorageException("read first batch", log.toString(), e);
        }
        return header.hasRemaining() ? -1 : new RecordBatchFlyweight().wrap(header.flip(), 0).maxTimestamp();
    }
}

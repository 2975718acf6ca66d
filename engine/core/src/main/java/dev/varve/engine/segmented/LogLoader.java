package dev.varve.engine.segmented;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.CorruptIndexException;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Opens a partition folder's segments, as Kafka's {@code LogLoader} does: finishes or rolls back an
 * interrupted swap of a cleaned segment ({@link SegmentSwap}), removes leftovers of interrupted
 * operations, opens every segment, rebuilds indexes that are missing or fail their sanity
 * check, and after an unclean shutdown re-validates every segment from the one holding the recovery
 * point, truncating at the first invalid batch and dropping every segment after it. A recovered segment
 * that ends short of the next segment's base offset, leaving a hole above the log start (a power loss
 * took its unflushed tail, cleanly at a batch boundary, while the next file survived), also drops every
 * later segment: offsets stay contiguous. A cleaned segment never reads as such a hole, whatever the
 * recovery-point checkpoint says (it may be lost or corrupt, and then every segment recovers): the
 * cleaner keeps the last batch of every group it rewrites, empty if need be, so a cleaned segment ends
 * where the segments it replaced ended. After a clean shutdown it recovers nothing, but reads the last
 * segment's batch headers ({@link SegmentCheck}) to find the log end: a damaged header there, or a log end
 * past the checkpointed recovery point (which a clean shutdown sets to the log end), makes it recover the
 * log as after a crash, so nothing is ever appended after a damaged batch or served from one.
 */
final class LogLoader {
    private static final Logger LOG = Logger.getLogger(LogLoader.class.getName());

    /** The segments loaded and the log's bounds. */
    record Loaded(NavigableMap<Long, LogSegment> segments, long logStartOffset, long logEndOffset, long recoveryPoint,
            int segmentsRecovered, long bytesTruncated) {
    }

    private LogLoader() {
    }

    static Loaded load(Path dir, TopicPartition partition, LogConfig config, boolean cleanShutdown,
            long recoveryPointCheckpoint, long logStartCheckpoint, long nowMs) {
        createDirectories(dir);
        TreeSet<Long> bases = SegmentFiles.loadableSegments(dir);
        NavigableMap<Long, LogSegment> segments = new TreeMap<>();
        SegmentRecovery recovery = new SegmentRecovery();
        BatchHeaderScanner scanner = new BatchHeaderScanner();
        int recovered = 0;
        long truncated = 0;
        Long recoverFrom = cleanShutdown ? null : floorOrFirst(bases, recoveryPointCheckpoint);
        for (Iterator<Long> it = bases.iterator(); it.hasNext(); ) {
            long base = it.next();
            boolean indexesExist = Files.exists(LogFileName.of(base, LogFileType.OFFSET_INDEX).resolveIn(dir))
                    && Files.exists(LogFileName.of(base, LogFileType.TIME_INDEX).resolveIn(dir));
            LogSegment segment = LogSegment.open(dir, base, config, nowMs);
            boolean indexesUsable = indexesExist && indexesSane(segment);
            boolean mustRecover = recoverFrom != null && base >= recoverFrom || !indexesUsable;
            segments.put(base, segment);
            if (!mustRecover) {
                continue;
            }
            Long next = bases.higher(base);
            SegmentRecovery.Outcome outcome = recover(recovery, segment, Objects.requireNonNullElse(next, Long.MAX_VALUE),
                    recoveryPointCheckpoint, indexesUsable, Integer.MAX_VALUE, partition);
            recovered++;
            truncated += outcome.truncatedBytes();
            // A hole below the log start is legitimate (a truncation to a log start inside a batch).
            boolean gap = recoverFrom != null && base >= recoverFrom && next != null
                    && next > Math.max(outcome.nextOffset(), logStartCheckpoint);
            if (gap) {
                LOG.warning(() -> "segment " + base + " of " + partition + " ends at offset " + outcome.nextOffset()
                        + " but the next segment starts at " + next + ": its unflushed tail was lost");
            }
            if (outcome.truncatedBytes() > 0 || gap) {
                while (it.hasNext()) {
                    long later = it.next();
                    LogSegment.open(dir, later, config, nowMs).delete(dir);
                    LOG.warning(() -> "deleted segment " + later + " of " + partition + ": it follows lost data");
                }
            }
        }
        segments.headMap(segments.isEmpty() ? 0L : segments.lastKey()).values().forEach(LogSegment::onBecomeInactive);
        segments.forEach((base, segment) -> segment.boundOffsets(Objects.requireNonNullElse(segments.higherKey(base), Long.MAX_VALUE)));
        long logEnd = 0;
        if (!segments.isEmpty()) {
            LogSegment last = segments.lastEntry().getValue();
            try {
                logEnd = last.readNextOffset(scanner);
            } catch (CorruptRecordException e) {
                // After a clean shutdown nothing was recovered: the active segment must end in whole, valid
                // batches before anything is appended after them, so it is recovered as after a crash.
                LOG.warning(() -> "recovering the last segment of " + partition + " although it was shut down cleanly: " + e.getMessage());
                SegmentRecovery.Outcome outcome = recover(recovery, last, Long.MAX_VALUE, recoveryPointCheckpoint, true,
                        (int) e.position(), partition);
                recovered++;
                truncated += outcome.truncatedBytes();
                logEnd = outcome.nextOffset();
            }
        }
        if (cleanShutdown && logEnd < logStartCheckpoint && !segments.isEmpty()) {
            // A clean close never leaves the log start past the end: the checkpoint is damaged, not the log.
            String warning = "ignoring the log start checkpoint of " + partition + ": offset " + logStartCheckpoint
                    + " is past the log end " + logEnd + " after a clean shutdown; the log starts at its first segment";
            LOG.warning(warning);
            logStartCheckpoint = segments.firstKey();
        }
        long logStart = Math.max(logStartCheckpoint, segments.isEmpty() ? logStartCheckpoint : segments.firstKey());
        if (logEnd < logStartCheckpoint) {
            segments.values().forEach(segment -> segment.delete(dir));
            segments.clear();
            logStart = logStartCheckpoint;
        }
        if (segments.isEmpty()) {
            segments.put(logStart, LogSegment.open(dir, logStart, config, nowMs));
            logEnd = logStart;
        }
        if (cleanShutdown && recoveryPointCheckpoint > 0 && logEnd > recoveryPointCheckpoint) {
            // A clean shutdown checkpoints the log end: a log that ends past it was never recovered since a
            // crash (it was not opened before the shutdown), or its last batch's base offset is damaged.
            long end = logEnd;
            LOG.warning(() -> partition + " ends at offset " + end + " past its recovery point " + recoveryPointCheckpoint
                    + " although it was shut down cleanly: recovering it from there");
            segments.values().forEach(LogSegment::halt);
            return load(dir, partition, config, false, recoveryPointCheckpoint, logStartCheckpoint, nowMs);
        }
        segments.lastEntry().getValue().resizeIndexes(config.segmentIndexBytes());
        long recoveryPoint = cleanShutdown ? logEnd : Math.min(recoveryPointCheckpoint, logEnd);
        return new Loaded(segments, logStart, logEnd, recoveryPoint, recovered, truncated);
    }

    private static SegmentRecovery.Outcome recover(SegmentRecovery recovery, LogSegment segment, long offsetBound,
            long recoveryPoint, boolean indexTrusted, int validBytesAtMost, TopicPartition partition) {
        SegmentRecovery.Outcome outcome = recovery.recover(segment, offsetBound, recoveryPoint, indexTrusted, validBytesAtMost);
        if (outcome.truncatedBytes() > 0) {
            LOG.warning(() -> "truncated " + outcome.truncatedBytes() + " invalid bytes at position " + outcome.validBytes()
                    + " of segment " + segment.baseOffset() + " of " + partition + ": "
                    + (outcome.firstError() == null ? "its structure failed the checks on open" : outcome.firstError().getMessage()));
        }
        return outcome;
    }

    private static Long floorOrFirst(TreeSet<Long> bases, long offset) {
        Long floor = bases.floor(offset);
        return floor != null ? floor : bases.isEmpty() ? null : bases.first();
    }

    private static boolean indexesSane(LogSegment segment) {
        try {
            segment.offsetIndex().sanityCheck();
            segment.timeIndex().sanityCheck();
            if (endsInPreallocatedZeros(segment)) {
                LOG.warning(() -> "rebuilding the indexes of " + segment + ": they end in zero entries (left preallocated, as Kafka 4.4's close leaves the active segment's)");
                return false;
            }
            return true;
        } catch (CorruptIndexException e) {
            LOG.warning(() -> "rebuilding the indexes of " + segment + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Whether an index ends in an all-zero entry, which indexing never writes (the first batch of a
     * segment is never indexed, so no offset entry has position 0; a time entry (0, base) would need
     * every timestamp to be 0): the zero tail of a preallocated file that was closed untrimmed. Kafka's
     * sanity checks pass an all-zero time index and an offset index whose tail is zeros.
     */
    private static boolean endsInPreallocatedZeros(LogSegment segment) {
        int offsetEntries = segment.offsetIndex().entries();
        int timeEntries = segment.timeIndex().entries();
        return offsetEntries > 0 && segment.offsetIndex().entry(offsetEntries - 1).position() == 0
                || timeEntries > 0 && segment.timeIndex().entry(timeEntries - 1).timestamp() == 0
                        && segment.timeIndex().entry(timeEntries - 1).offset() == segment.baseOffset();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LogStorageException("create partition folder", dir.toString(), e);
        }
    }
}

package dev.varve.compaction;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.segmented.CleanableLog;
import dev.varve.engine.segmented.CleanableLog.ClosedSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Cleans one partition of the {@code segmented} engine end to end, Kafka's {@code Cleaner.clean}:
 * <ol>
 *   <li>the dirty section is {@code [firstDirty, firstUncleanable)}: {@code firstDirty} from the
 *       {@link CleanerCheckpoint} (clamped to the log start), {@code firstUncleanable} the active
 *       segment's base, or with {@code min.compaction.lag.ms > 0} the base of the first segment whose
 *       largest timestamp is younger than the lag;</li>
 *   <li>the {@link OffsetMap} is built over as much of the dirty section as it holds
 *       ({@code log.cleaner.dedupe.buffer.size});</li>
 *   <li>every closed segment from the log start up to the map's end is rewritten, in
 *       {@link SegmentGroups} (so small segments merge), by a {@link SegmentCleaner}, and each group's
 *       cleaned segment is swapped in through {@link CleanableLog#replaceSegments} (crash-safe, under
 *       the log's lock);</li>
 *   <li>the checkpoint moves to the map's end, the next pass's first dirty offset.</li>
 * </ol>
 *
 * <p>Guarantees: those of {@link SegmentCleaner} for what is kept, and of
 * {@link CleanableLog#replaceSegments} for the swap; the checkpoint moves only after every group was
 * swapped in. If the log's segments change under a pass (retention, a log-start move or a truncation
 * removed one, before it was read or before its group was swapped), the pass stops, deletes its
 * {@code .cleaned} files and leaves the checkpoint where it was; groups already swapped stay. The active
 * segment is never read. Not thread-safe: one instance per cleaner thread, as it owns its map's
 * memory; one pass per partition at a time.
 */
public final class LogCleaner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogCleaner.class.getName());

    private final CleanerCheckpoint checkpoint;
    private final OffsetMap map;
    private final OffsetMapBuilder mapBuilder;
    private final int ioBufferBytes;
    private final IoThrottle throttle;
    private final Clock clock;

    /**
     * @param map the offset map this cleaner reuses for every pass ({@link OffsetMap#forBudget})
     * @param ioBufferBytes the read and write buffer each side uses ({@code log.cleaner.io.buffer.size}
     *     split per thread and side)
     */
    public LogCleaner(CleanerCheckpoint checkpoint, OffsetMap map, int ioBufferBytes, Clock clock) {
        this(checkpoint, map, ioBufferBytes, IoThrottle.UNLIMITED, clock);
    }

    /** A cleaner whose reads count against {@code throttle} ({@code log.cleaner.io.max.bytes.per.second}). */
    public LogCleaner(CleanerCheckpoint checkpoint, OffsetMap map, int ioBufferBytes, IoThrottle throttle, Clock clock) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.map = Objects.requireNonNull(map, "map");
        this.ioBufferBytes = ioBufferBytes;
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapBuilder = new OffsetMapBuilder(ioBufferBytes, throttle);
    }

    /**
     * Cleans {@code log} once.
     *
     * @throws dev.varve.engine.api.CorruptRecordException when a segment is corrupt
     * @throws dev.varve.engine.api.LogStorageException on an I/O error (a failed swap also closes the log)
     */
    public CleaningSummary clean(CleanableLog log) {
        long now = clock.millis();
        return clean(log, DirtySection.of(log, checkpoint, now), now);
    }

    /** Cleans {@code log}'s {@code section}, taken at {@code now}. */
    CleaningSummary clean(CleanableLog log, DirtySection section, long now) {
        long started = System.nanoTime();
        TopicPartition partition = log.topicPartition();
        LogConfig config = log.config();
        long firstDirty = section.firstDirtyOffset();
        long uncleanable = section.firstUncleanableOffset();
        List<Path> dirty = section.dirtySegments().stream().map(ClosedSegment::log).toList();
        if (dirty.isEmpty()) {
            return new CleaningSummary(partition, firstDirty, firstDirty, 0, 0, 0, 0, 0, 0, 0, 0, 0, System.nanoTime() - started);
        }
        Totals totals = new Totals();
        long cleanEnd;
        try {
            map.clear();
            mapBuilder.build(map, dirty, firstDirty, uncleanable);
            cleanEnd = map.latestOffset() + 1;
            List<ClosedSegment> toClean = section.closedSegments().stream().filter(segment -> segment.baseOffset() < cleanEnd).toList();
            SegmentCleaner cleaner = new SegmentCleaner(new CleanerOptions(config.getLong(LogConfigKey.DELETE_RETENTION_MS),
                    config.indexIntervalBytes(), config.segmentIndexBytes(), ioBufferBytes), throttle);
            for (List<ClosedSegment> group : SegmentGroups.of(toClean, config)) {
                List<Path> logs = group.stream().map(ClosedSegment::log).toList();
                CleaningResult result = cleaner.clean(logs, map, uncleanable, now, ActiveProducers.NONE);
                if (!swap(log, group, result)) {
                    return totals.summary(partition, firstDirty, firstDirty, map.size(), System.nanoTime() - started);
                }
                totals.add(result);
            }
        } catch (LogStorageException e) {
            if (section.closedSegments().stream().allMatch(segment -> Files.exists(segment.log()))) {
                throw e;
            }
            LOG.warning(() -> "stopping the cleaning of " + partition + ": a segment went while it was read: " + e.getMessage());
            return totals.summary(partition, firstDirty, firstDirty, map.size(), System.nanoTime() - started);
        }
        checkpoint.update(partition, cleanEnd);
        return totals.summary(partition, firstDirty, cleanEnd, map.size(), System.nanoTime() - started);
    }

    /** Swaps a group's result in; false (its files deleted) when the log's segments changed under the pass. */
    private static boolean swap(CleanableLog log, List<ClosedSegment> group, CleaningResult result) {
        try {
            log.replaceSegments(group.stream().map(ClosedSegment::baseOffset).toList());
            return true;
        } catch (IllegalArgumentException changed) {
            LOG.warning(() -> "stopping the cleaning of " + log.topicPartition() + ": " + changed.getMessage());
            for (Path file : List.of(result.cleanedLog(), result.cleanedOffsetIndex(), result.cleanedTimeIndex())) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warning(() -> "could not delete " + file + " (the next load removes it): " + e.getMessage());
                }
            }
            return false;
        }
    }

    @Override
    public void close() {
        mapBuilder.close();
    }

    /** Running totals over a pass's groups. */
    private static final class Totals {
        int segmentsBefore;
        int segmentsAfter;
        long bytesBefore;
        long bytesAfter;
        long recordsRead;
        long recordsKept;
        long tombstonesKept;
        long tombstonesRemoved;

        void add(CleaningResult result) {
            segmentsBefore += result.segmentsRead();
            segmentsAfter++;
            bytesBefore += result.bytesRead();
            bytesAfter += result.bytesWritten();
            recordsRead += result.recordsRead();
            recordsKept += result.recordsKept();
            tombstonesKept += result.tombstonesKept();
            tombstonesRemoved += result.tombstonesRemoved();
        }

        CleaningSummary summary(TopicPartition partition, long firstDirty, long cleanedUpTo, int keys, long nanos) {
            return new CleaningSummary(partition, firstDirty, cleanedUpTo, segmentsBefore, segmentsAfter, bytesBefore,
                    bytesAfter, keys, recordsRead, recordsKept, tombstonesKept, tombstonesRemoved, nanos);
        }
    }
}

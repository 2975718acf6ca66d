package dev.varve.engine.segmented;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogSlice;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.OffsetOutOfRangeException;
import dev.varve.engine.api.PartitionOfflineException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.BatchValidator;
import dev.varve.engine.log.LeaderEpochs;
import dev.varve.engine.log.ValidatedAppend;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A partition log stored as Kafka's segment files in one folder: the {@code segmented} engine's
 * {@link PartitionLog}. Appends go to the last (active) segment, which rolls by Kafka's rules; reads
 * find the segment by offset and the batch through its sparse index; retention deletes whole segments
 * from the oldest, never the active one.
 *
 * <p>Durability follows Kafka: {@code flush.messages} and {@code flush.ms} force an fsync, by default
 * never (the page cache and replication carry durability), and {@link #flush()} fsyncs every segment
 * that has unflushed data, then moves the recovery point to the log end. After a crash, loading
 * re-validates from the recovery point (see {@link LogLoader}).
 *
 * <p>Failures: a write that fails with an I/O error (an append, roll, flush, checkpoint, retention,
 * truncation or swap) is rolled back as far as the storage allows and fails the log, as Kafka takes a
 * log directory offline: from then on every mutation throws {@link PartitionOfflineException}, reads of
 * what was acknowledged continue, nothing more is flushed, and the engine writes no clean-shutdown
 * marker, so the next open recovers the folder.
 *
 * <p>It is also the cleaner's {@link CleanableLog}: a swap of cleaned segments holds the write lock.
 *
 * <p>Thread-safety: mutations hold the write lock; reads hold the read lock, so they run concurrently
 * with one another. A returned {@link LogSlice} outlives the lock and reads the file directly; a slice
 * of a segment a swap replaced stays readable for {@code file.delete.delay.ms}, as in Kafka.
 */
final class SegmentedPartitionLog implements PartitionLog, CleanableLog {
    /** What the owning engine hears from a log. */
    interface Owner {
        /**
         * The log start moved or the recovery point went back (a truncation): checkpoint both before
         * anything is removed, so a crash can neither resurrect deleted records nor skip recovering
         * rewritten ones.
         */
        void checkpointsChanged(SegmentedPartitionLog log);

        /** The log was closed by its user: forget it, so the next open loads it afresh. */
        void closed(SegmentedPartitionLog log);

        /** For a tiered log: the offset below which segments may be deleted locally ({@link LocalDeletionBound}). */
        long localDeletableBelow(TopicPartition partition);
    }

    private final Path dir;
    private final TopicPartition partition;
    private final Clock clock;
    private final Owner listener;
    private final SegmentSet segments;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BatchValidator validator;
    private final RecordBatchReader appendReader = new RecordBatchReader(false);
    private final RecordBatchReader splitReader = new RecordBatchReader(false);
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private long recoveryPoint;
    /**
     * A lower bound of the recovery point in the checkpoint file, kept at or below {@link #recoveryPoint}
     * (which only a truncation lowers): a swap needs it above the segments it replaces.
     */
    private long checkpointedRecoveryPoint;
    private long unflushedRecords;
    private long lastFlushMs;
    private volatile boolean closed;
    /** The I/O error that failed the log, or null: from then on mutations are refused ({@link #ensureWritable()}). */
    private volatile RuntimeException failure;

    SegmentedPartitionLog(Path dir, TopicPartition partition, LogConfig config, Clock clock, LogLoader.Loaded loaded,
            Owner listener) {
        this.dir = dir;
        this.partition = partition;
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        // the validated copy is written to the segment before append returns, so one direct buffer serves every append
        this.validator = BatchValidator.withReusedCopy(partition);
        this.segments = new SegmentSet(dir, loaded.segments());
        this.logStartOffset = loaded.logStartOffset();
        this.logEndOffset = loaded.logEndOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.checkpointedRecoveryPoint = loaded.recoveryPoint();
        this.lastFlushMs = clock.millis();
    }

    @Override
    public TopicPartition topicPartition() {
        return partition;
    }

    @Override
    public LogConfig config() {
        return config;
    }

    /** Applies a new configuration from the next operation on (an altered topic). */
    void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    @Override
    public AppendResult append(ByteBuffer batches) {
        return appendValidated(batches, BatchValidator.KEEP_EPOCH, false);
    }

    @Override
    public AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch) {
        return appendValidated(batches, LeaderEpochs.checked(partition, leaderEpoch), false);
    }

    @Override
    public AppendResult appendAsFollower(ByteBuffer batches) {
        return appendValidated(batches, BatchValidator.KEEP_EPOCH, true);
    }

    private AppendResult appendValidated(ByteBuffer batches, int leaderEpoch, boolean follower) {
        lock.writeLock().lock();
        try {
            ensureWritable();
            long now = clock.millis();
            ValidatedAppend validated = follower
                    ? validator.validateAsFollower(batches, config, logEndOffset)
                    : validator.validate(batches, config, logEndOffset, now, leaderEpoch);
            AppendResult result = validated.result();
            LogSegment first = segments.active();
            LogSegment.Mark before = first.mark();
            long endBefore = logEndOffset;
            long unflushedBefore = unflushedRecords;
            try {
                placeBatches(validated.batches(), now);
                logEndOffset = result.lastOffset() + 1;
                unflushedRecords += result.recordCount();
                if (unflushedRecords >= config.flushMessages() || now - lastFlushMs >= config.flushMs()) {
                    flushLocked(now);
                }
            } catch (RuntimeException e) {
                rollBackAppend(first, before, e);
                logEndOffset = endBefore;
                unflushedRecords = unflushedBefore;
                throw failed(e);
            }
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Undoes a failed append, flush included (an append that {@code flush.messages} must make durable is
     * not acknowledged when its fsync fails): removes segments it rolled to, and returns the segment that
     * was active to {@code before}. Best effort; errors are added to {@code failure}.
     */
    private void rollBackAppend(LogSegment first, LogSegment.Mark before, RuntimeException failure) {
        if (segments.active() != first) {
            try {
                segments.deleteFrom(first.baseOffset() + 1);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        first.rollBackTo(before, failure);
    }

    /**
     * Appends validated batches batch by batch, rolling before any batch that Kafka's rules send to a
     * new segment. Per batch, not per append: each batch may add an index entry, so a multi-batch
     * append checked once could overflow a nearly full index half-way through.
     */
    private void placeBatches(ByteBuffer batches, long now) {
        splitReader.reset(batches);
        int position = batches.position();
        while (splitReader.next()) {
            RecordBatchFlyweight batch = splitReader.batch();
            int size = batch.sizeInBytes();
            LogSegment active = segments.active();
            if (active.shouldRoll(config, batch, now)) {
                logEndOffset = batch.baseOffset();
                active = rollLocked(now);
            }
            active.append(batches.duplicate().limit(position + size).position(position), appendReader);
            position += size;
        }
    }

    @Override
    public ReadResult read(long startOffset, int maxBytes, long maxOffset) {
        lock.readLock().lock();
        try {
            ensureOpen();
            long start = logStartOffset;
            long end = logEndOffset;
            if (startOffset < start || startOffset > end) {
                return new ReadResult(ReadResult.Status.OFFSET_OUT_OF_RANGE, segments.emptySlice(), start, end);
            }
            BatchHeaderScanner scanner = new BatchHeaderScanner();
            if (startOffset < end && startOffset < maxOffset) {
                for (Map.Entry<Long, LogSegment> entry = segments.floor(startOffset); entry != null;
                        entry = segments.next(entry.getKey())) {
                    LogSlice slice = entry.getValue().read(startOffset, maxBytes, maxOffset, true, scanner);
                    if (slice != null) {
                        return new ReadResult(ReadResult.Status.OK, slice, start, end);
                    }
                }
            }
            return new ReadResult(ReadResult.Status.OK, segments.emptySlice(), start, end);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public TimestampOffset offsetForTimestamp(long timestamp) {
        lock.readLock().lock();
        try {
            ensureOpen();
            if (timestamp == TimestampOffset.EARLIEST) {
                return new TimestampOffset(-1, logStartOffset);
            }
            if (timestamp == TimestampOffset.LATEST) {
                return new TimestampOffset(-1, logEndOffset);
            }
            BatchHeaderScanner scanner = new BatchHeaderScanner();
            try (RecordReader records = new RecordReader()) {
                for (LogSegment segment : segments.all()) {
                    TimestampOffset found = segment.findOffsetByTimestamp(timestamp, logStartOffset, scanner, records);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long logStartOffset() {
        ensureOpen();
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        ensureOpen();
        return logEndOffset;
    }

    /** The log start, readable after close too, for the engine's checkpoint. */
    long logStartForCheckpoint() {
        return logStartOffset;
    }

    /** The offset below which everything is known to be on disk; readable after close too. */
    long recoveryPoint() {
        lock.readLock().lock();
        try {
            return recoveryPoint;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Sum of the segments' sizes. */
    long sizeInBytes() {
        return segments.sizeInBytes();
    }

    /** Segment count, for status and tests. */
    int segmentCount() {
        return segments.count();
    }

    @Override
    public void truncateTo(long offset) {
        lock.writeLock().lock();
        try {
            ensureWritable();
            if (offset >= logEndOffset) {
                return;
            }
            truncateLocked(offset);
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void truncateLocked(long offset) {
        long startBefore = logStartOffset;
        // The batch holding the offset may start below it, in this segment: recover from the
        // segment's base, whatever the truncation leaves.
        Map.Entry<Long, LogSegment> holding = segments.floor(offset);
        recoveryPoint = Math.min(recoveryPoint, holding == null ? offset : holding.getKey());
        checkpointedRecoveryPoint = Math.min(checkpointedRecoveryPoint, recoveryPoint);
        if (offset < logStartOffset) {
            logStartOffset = offset;
        }
        checkpointOrRestore(startBefore);
        if (offset > logStartOffset) {
            segments.deleteFrom(offset);
            LogSegment last = segments.active();
            last.truncateTo(offset, new BatchHeaderScanner());
            last.resizeIndexes(config.segmentIndexBytes());
            logEndOffset = last.readNextOffset(new BatchHeaderScanner());
        }
        if (offset <= logStartOffset || logEndOffset < logStartOffset) {
            // Nothing at or above the log start is left (the batch holding the offset may begin below it):
            // start afresh there, so the segments never end below the log start a clean close records.
            segments.deleteFrom(0);
            segments.add(LogSegment.open(dir, logStartOffset, config, clock.millis()));
            logEndOffset = logStartOffset;
        }
        recoveryPoint = Math.min(recoveryPoint, logEndOffset);
        checkpointedRecoveryPoint = Math.min(checkpointedRecoveryPoint, recoveryPoint);
    }

    /**
     * Checkpoints the log start and recovery point before files change; when the checkpoint cannot be
     * written, the log start goes back to {@code startBefore} (nothing was removed) and the error is thrown.
     */
    private void checkpointOrRestore(long startBefore) {
        try {
            listener.checkpointsChanged(this);
        } catch (RuntimeException e) {
            logStartOffset = startBefore;
            throw e;
        }
    }

    @Override
    public long deleteRecordsBefore(long offset) {
        lock.writeLock().lock();
        try {
            ensureWritable();
            if (offset > logEndOffset) {
                throw new OffsetOutOfRangeException(partition, offset, logStartOffset, logEndOffset);
            }
            if (offset > logStartOffset) {
                long startBefore = logStartOffset;
                logStartOffset = offset;
                checkpointOrRestore(startBefore);
                deleteSegmentsBelowLogStart();
            }
            return logStartOffset;
        } catch (LogStorageException e) {
            throw failed(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Deletes the oldest segments that retention allows: by {@code retention.ms} against each segment's
     * largest timestamp, by {@code retention.bytes} against the partition's size, and any segment wholly
     * below the log start. The active segment always stays. A tiered log ({@code remote.storage.enable})
     * applies {@code local.retention.*} instead, and only to segments below its {@link LocalDeletionBound}.
     *
     * @return the number of segments deleted
     */
    int enforceRetention() {
        lock.writeLock().lock();
        try {
            ensureWritable();
            RetentionPolicy policy = new RetentionPolicy(config, clock.millis(), sizeInBytes());
            long deletableBelow = config.remoteStorageEnabled() ? listener.localDeletableBelow(partition) : Long.MAX_VALUE;
            int deleted = 0;
            while (segments.count() > 1 && segments.nextBase(segments.firstBase()) <= deletableBelow
                    && policy.expired(segments.first())) {
                segments.deleteFirst();
                deleted++;
            }
            if (segments.firstBase() > logStartOffset) {
                logStartOffset = segments.firstBase();
                listener.checkpointsChanged(this);
            }
            return deleted + deleteSegmentsBelowLogStart();
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private int deleteSegmentsBelowLogStart() {
        int deleted = 0;
        while (segments.count() > 1 && segments.nextBase(segments.firstBase()) <= logStartOffset) {
            segments.deleteFirst();
            deleted++;
        }
        return deleted;
    }

    @Override
    public List<ClosedSegment> closedSegments() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return segments.closedSegments();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long activeSegmentBaseOffset() {
        ensureOpen();
        return segments.active().baseOffset();
    }

    @Override
    public void replaceSegments(List<Long> replacedBaseOffsets) {
        lock.writeLock().lock();
        try {
            ensureWritable();
            List<LogSegment> replaced = segments.consecutiveClosed(replacedBaseOffsets);
            segments.checkCleanedEnd(replaced);
            long now = clock.millis();
            long replacedEnd = segments.nextBase(replaced.get(replaced.size() - 1).baseOffset());
            if (checkpointedRecoveryPoint < replacedEnd) {
                try {
                    flushLocked(now);
                    listener.checkpointsChanged(this);
                } catch (RuntimeException e) {
                    throw failed(e);
                }
                checkpointedRecoveryPoint = recoveryPoint;
            }
            try {
                segments.replace(replaced, config, now);
            } catch (RuntimeException e) {
                failed(e);
                releaseSegments(LogSegment::halt);
                listener.closed(this);
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** For crash tests: {@code hook} runs after every rename and fsync of a swap. */
    void swapHook(SegmentSwap.StepHook hook) {
        segments.swapHook(hook);
    }

    @Override
    public void roll() {
        lock.writeLock().lock();
        try {
            ensureWritable();
            if (segments.active().sizeInBytes() > 0) {
                rollLocked(clock.millis());
            }
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Rolls to a new active segment; on a failure the old one is active again as it was (best effort). */
    private LogSegment rollLocked(long now) {
        LogSegment old = segments.active();
        LogSegment.Mark before = old.mark();
        try {
            return segments.roll(logEndOffset, config, now);
        } catch (RuntimeException e) {
            old.rollBackTo(before, e);
            throw e;
        }
    }

    @Override
    public void flush() {
        lock.writeLock().lock();
        try {
            ensureWritable();
            flushLocked(clock.millis());
        } catch (RuntimeException e) {
            throw failed(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void flushLocked(long now) {
        for (LogSegment segment : segments.from(recoveryPoint)) {
            segment.flush();
        }
        segments.syncIfChanged();
        recoveryPoint = logEndOffset;
        unflushedRecords = 0;
        lastFlushMs = now;
    }

    /** Flushes when {@code flush.ms} has passed since the last flush and something is unflushed. */
    void flushIfDue() {
        lock.writeLock().lock();
        try {
            long now = clock.millis();
            if (!closed && failure == null && unflushedRecords > 0 && now - lastFlushMs >= config.flushMs()) {
                flushLocked(now);
            }
            if (!closed) {
                segments.closeRetired(now, config.getLong(LogConfigKey.FILE_DELETE_DELAY_MS));
            }
        } catch (LogStorageException e) {
            throw failed(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Flushes and closes the segments. A failed log is not flushed (its recovery point stays where the
     * last successful fsync put it) and closes quietly: its error was thrown when it happened, and the
     * engine reports it ({@link #failure()}). A flush or close that fails here fails the log and is thrown
     * after every file is released.
     */
    @Override
    public void close() {
        RuntimeException error = null;
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            boolean healthy = failure == null;
            try {
                if (healthy) {
                    flushLocked(clock.millis());
                }
            } catch (RuntimeException e) {
                error = failed(e);
            }
            try {
                closeSegments();
            } catch (RuntimeException e) {
                if (error == null && healthy) {
                    failure = e;
                    error = e;
                } else {
                    suppress(error, e);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        listener.closed(this);
        if (error != null) {
            throw error;
        }
    }

    private static void suppress(RuntimeException first, RuntimeException later) {
        if (first != null) {
            first.addSuppressed(later);
        }
    }

    /** The I/O error that failed the log (it refuses mutations since), or null while it is healthy. */
    RuntimeException failure() {
        return failure;
    }

    /** Records {@code e} as the log's failure (the first one stays) and returns it, to be thrown. */
    private RuntimeException failed(RuntimeException e) {
        if (failure == null && !closed && !(e instanceof PartitionOfflineException)) {
            failure = e;
        }
        return e;
    }

    /** Releases the files without flushing, as a killed process would: for crash tests. */
    void halt() {
        abandon(LogSegment::halt);
    }

    /** Loses a random part of the unflushed tail of every segment, as a power loss would, then halts. */
    void losePowerAndHalt(Random random) {
        abandon(segment -> PowerLoss.strike(segment, random));
    }

    private void abandon(Consumer<LogSegment> release) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                releaseSegments(release);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeSegments() {
        releaseSegments(LogSegment::close);
    }

    private void releaseSegments(Consumer<LogSegment> release) {
        closed = true;
        validator.close();
        segments.release(release);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log closed: partition=" + partition);
        }
    }

    /** Refuses a mutation of a closed or failed log. */
    private void ensureWritable() {
        ensureOpen();
        RuntimeException cause = failure;
        if (cause != null) {
            throw new PartitionOfflineException(partition, cause);
        }
    }

    @Override
    public String toString() {
        return "SegmentedPartitionLog(" + partition + ", segments=" + segments.count() + ", logStart=" + logStartOffset
                + ", logEnd=" + logEndOffset + ")";
    }
}

package dev.varve.tiered;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.BufferLogSlice;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordReader;
import dev.varve.lmdb.RemoteLogMetadataStore;
import dev.varve.lmdb.RemoteSegmentMetadata;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A tiered partition as one log: the local log for appends and for reads at or above its log start, the
 * remote segments (COPY_SEGMENT_FINISHED in the metadata store) below it. The log start is the remote one
 * when remote segments exist; {@link #offsetForTimestamp} searches remote segments, then the local log. A
 * read below the local start that no remote segment holds is {@code OFFSET_OUT_OF_RANGE}; a remote read
 * that fails throws the store's typed {@link RemoteStoreException} (missing or corrupt object, store
 * unavailable), never returns other bytes. Appends (as leader or follower), rolls, flushes, truncation and closing go to the local
 * log ({@link #truncateTo} and {@link #deleteRecordsBefore} act on local segments only: replication's
 * truncation never reaches below the uploaded offsets, and record deletion below the local start waits
 * for remote retention). Thread-safe as the local log is.
 */
final class TieredPartitionLog implements PartitionLog {
    private final PartitionLog local;
    private final RemoteLogMetadataStore metadata;
    private final RemoteSegmentReader reader;

    TieredPartitionLog(PartitionLog local, RemoteLogMetadataStore metadata, RemoteSegmentReader reader) {
        this.local = local;
        this.metadata = metadata;
        this.reader = reader;
    }

    @Override
    public TopicPartition topicPartition() {
        return local.topicPartition();
    }

    @Override
    public LogConfig config() {
        return local.config();
    }

    @Override
    public AppendResult append(ByteBuffer batches) {
        return local.append(batches);
    }

    @Override
    public AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch) {
        return local.appendAsLeader(batches, leaderEpoch);
    }

    @Override
    public AppendResult appendAsFollower(ByteBuffer batches) {
        return local.appendAsFollower(batches);
    }

    @Override
    public ReadResult read(long startOffset, int maxBytes, long maxOffset) {
        long localStart = local.logStartOffset();
        if (startOffset >= localStart) {
            ReadResult read = local.read(startOffset, maxBytes, maxOffset);
            return new ReadResult(read.status(), read.records(), logStartOffset(), read.logEndOffset());
        }
        long end = local.logEndOffset();
        Optional<RemoteSegmentMetadata> segment = metadata.segmentForOffset(topicPartition(), startOffset);
        if (segment.isEmpty()) {
            return new ReadResult(ReadResult.Status.OFFSET_OUT_OF_RANGE, BufferLogSlice.EMPTY, logStartOffset(), end);
        }
        if (startOffset >= maxOffset) {
            return new ReadResult(ReadResult.Status.OK, BufferLogSlice.EMPTY, logStartOffset(), end);
        }
        ByteBuffer batches = reader.read(segment.get(), startOffset, maxBytes, maxOffset);
        return new ReadResult(ReadResult.Status.OK, new BufferLogSlice(batches), logStartOffset(), end);
    }

    @Override
    public TimestampOffset offsetForTimestamp(long timestamp) {
        if (timestamp == TimestampOffset.EARLIEST) {
            return new TimestampOffset(-1, logStartOffset());
        }
        if (timestamp >= 0) {
            long logStart = logStartOffset();
            long localStart = local.logStartOffset();
            Optional<RemoteSegmentMetadata> segment = metadata.segmentForTimestamp(topicPartition(), timestamp, logStart);
            if (segment.isPresent() && segment.get().baseOffset() < localStart) {
                try (RecordReader records = new RecordReader()) {
                    TimestampOffset found = reader.offsetForTimestamp(segment.get(), timestamp, logStart, records);
                    if (found != null && found.offset() < localStart) {
                        return found;
                    }
                }
            }
        }
        return local.offsetForTimestamp(timestamp);
    }

    /** The remote log start when remote segments exist, else the local one. */
    @Override
    public long logStartOffset() {
        long localStart = local.logStartOffset();
        return Math.min(localStart, metadata.logStartOffset(topicPartition()).orElse(localStart));
    }

    /** The local log's start: where remote reads end. */
    long localLogStartOffset() {
        return local.logStartOffset();
    }

    @Override
    public long logEndOffset() {
        return local.logEndOffset();
    }

    @Override
    public void truncateTo(long offset) {
        local.truncateTo(offset);
    }

    @Override
    public long deleteRecordsBefore(long offset) {
        local.deleteRecordsBefore(Math.max(offset, local.logStartOffset()));
        return logStartOffset();
    }

    @Override
    public void roll() {
        local.roll();
    }

    @Override
    public void flush() {
        local.flush();
    }

    @Override
    public void close() {
        local.close();
    }

    @Override
    public String toString() {
        return "TieredPartitionLog(" + local + ")";
    }
}

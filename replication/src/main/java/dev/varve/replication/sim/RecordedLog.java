package dev.varve.replication.sim;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;

/**
 * A replica's real {@link PartitionLog} as the simulation hands it to the protocol, watched: every
 * accepted append and truncation is mirrored into a {@link LogMirror} (record ids are the 8-byte values
 * the simulated producer writes), each appended record is reported to a {@link Listener}, and the offset up
 * to which the log is durable is tracked, so a crash can be classified as lossy. With {@code flushEveryAppend}
 * every append is flushed (durability model D). Changes nothing the log does.
 */
final class RecordedLog implements PartitionLog {
    /** Told of every record a log accepts. */
    interface Listener {
        void appended(TopicPartition partition, long offset, long id, int epoch, int previousEpoch);
    }

    private static final int NO_OVERRIDE = Integer.MIN_VALUE;

    private final PartitionLog log;
    private final LogMirror mirror = new LogMirror();
    private final Listener listener;
    private final boolean flushEveryAppend;
    private final RecordBatchReader batches = new RecordBatchReader(false);
    private final RecordReader records = new RecordReader();
    private long flushedEnd;

    /** Watches {@code log} as recovered: the mirror starts as its content, all of it durable. */
    RecordedLog(PartitionLog log, Listener listener, boolean flushEveryAppend) {
        this.log = log;
        this.listener = listener;
        this.flushEveryAppend = flushEveryAppend;
        ReadResult all = log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE);
        mirror(all.records().toBuffer(), -1, NO_OVERRIDE, false);
        this.flushedEnd = log.logEndOffset();
    }

    LogMirror mirror() {
        return mirror;
    }

    /** Whether a crash now would lose records: some were appended after the last flush. */
    boolean hasUnflushed() {
        return log.logEndOffset() > flushedEnd;
    }

    /**
     * Mirrors the records of {@code bytes}: at their own offsets ({@code firstOffset} -1) or numbered from
     * {@code firstOffset}; in their batches' epochs or, for a leader's append, in {@code epochOverride}.
     */
    private void mirror(ByteBuffer bytes, long firstOffset, int epochOverride, boolean report) {
        batches.reset(bytes);
        long offset = firstOffset;
        while (batches.next()) {
            RecordBatchFlyweight batch = batches.batch();
            records.open(batch);
            while (records.next()) {
                long at = firstOffset < 0 ? records.offset() : offset++;
                long id = records.valueLength() == Long.BYTES ? records.buffer().getLong(records.valueOffset()) : -1;
                int previous = mirror.lastEpoch();
                int epoch = epochOverride == NO_OVERRIDE ? batch.partitionLeaderEpoch() : epochOverride;
                mirror.append(at, id, epoch);
                if (report) {
                    listener.appended(log.topicPartition(), at, id, epoch, previous);
                }
            }
        }
    }

    private AppendResult appended(AppendResult result) {
        if (flushEveryAppend) {
            flush();
        }
        return result;
    }

    @Override
    public AppendResult append(ByteBuffer input) {
        throw new UnsupportedOperationException("replicas append as leader or follower");
    }

    @Override
    public AppendResult appendAsLeader(ByteBuffer input, int leaderEpoch) {
        ByteBuffer copy = input.duplicate();
        AppendResult result = log.appendAsLeader(input, leaderEpoch);
        mirror(copy, result.firstOffset(), leaderEpoch, true);
        return appended(result);
    }

    @Override
    public AppendResult appendAsFollower(ByteBuffer input) {
        ByteBuffer copy = input.duplicate();
        AppendResult result = log.appendAsFollower(input);
        mirror(copy, -1, NO_OVERRIDE, true);
        return appended(result);
    }

    @Override
    public void truncateTo(long offset) {
        log.truncateTo(offset);
        mirror.truncate(log.logEndOffset());
        flushedEnd = Math.min(flushedEnd, log.logEndOffset());
    }

    @Override
    public void flush() {
        log.flush();
        flushedEnd = log.logEndOffset();
    }

    @Override
    public TopicPartition topicPartition() {
        return log.topicPartition();
    }

    @Override
    public LogConfig config() {
        return log.config();
    }

    @Override
    public ReadResult read(long startOffset, int maxBytes, long maxOffset) {
        return log.read(startOffset, maxBytes, maxOffset);
    }

    @Override
    public TimestampOffset offsetForTimestamp(long timestamp) {
        return log.offsetForTimestamp(timestamp);
    }

    @Override
    public long logStartOffset() {
        return log.logStartOffset();
    }

    @Override
    public long logEndOffset() {
        return log.logEndOffset();
    }

    @Override
    public long deleteRecordsBefore(long offset) {
        throw new UnsupportedOperationException("the simulation does not delete records");
    }

    @Override
    public void roll() {
        log.roll();
    }

    @Override
    public void close() {
        records.close();
        log.close();
    }
}

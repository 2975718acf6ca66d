package dev.varve.engine.log;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.InvalidRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.RecordTooLargeException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.UnexpectedAppendOffsetException;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.TimestampType;
import java.nio.ByteBuffer;

/**
 * Validates what a producer hands a leader and turns it into the bytes a log stores: the one append
 * path every engine shares, so every engine accepts and refuses exactly the same input.
 *
 * <p>{@link #validateAsFollower} is the follower's path: structure, CRC, sizes and offset continuity,
 * the batches kept as they are. {@link #validate} copies the caller's batches (position to limit; the caller's buffer is never
 * modified) and then, batch by batch, in the copy:
 * <ol>
 *   <li>checks structure and CRC-32C ({@link RecordBatchReader}; magic 2 only);</li>
 *   <li>checks the size against {@code max.message.bytes} and {@code segment.bytes}, as Kafka's leader
 *       does ({@link RecordTooLargeException});</li>
 *   <li>checks the leader's rules ({@link InvalidRecordException}): at least one record, offset range
 *       equal to the record count ({@code lastOffsetDelta == recordCount - 1}), record offset deltas
 *       0, 1, 2, ..., and no LogAppendTime bit set by the producer;</li>
 *   <li>parses every record ({@link RecordReader}), which also proves a compressed section
 *       decompresses, and refuses a record without a key when {@code cleanup.policy} includes
 *       {@code compact}, as Kafka does ({@link InvalidRecordException});</li>
 *   <li>assigns offsets: each batch's base offset is the previous batch's next offset, the first is
 *       {@code nextOffset}; stamps LogAppendTime when the config says so, or else corrects a CreateTime
 *       header whose max timestamp disagrees with its records (both rewrite the CRC), as Kafka does.</li>
 * </ol>
 * All or nothing: any failure throws before anything is returned, and the copy is dropped. The copy
 * is a new heap buffer per call, or, from {@link #withReusedCopy}, one reused direct buffer.
 *
 * <p>Decisions. <b>Base offsets</b>: any incoming base offset is accepted and overwritten. Kafka's
 * leader refuses a client batch whose base offset is not 0, but this SPI has no notion of origin, the
 * stored copy is renumbered anyway, and tools that re-append batches they read (mirrors, the CLI, the
 * conformance kit) would otherwise have to rewrite headers and CRC-free fields first. <b>Max
 * timestamp offset</b>: Kafka's v2 "shallow" rule: the last offset of the first batch (in append order)
 * whose max timestamp is strictly the largest; with LogAppendTime, the append's last offset; -1 when
 * no record has a timestamp above -1. It is what Kafka's {@code LogSegment} records for its time index,
 * so an engine can feed its time index from it; a record-exact answer (ListOffsets MAX_TIMESTAMP) is a
 * scan of that batch. <b>Not checked</b> (yet): {@code message.timestamp.before/after.max.ms} (not in
 * {@link dev.varve.engine.api.LogConfigKey}), idempotent producer sequences, control batches from
 * clients (the SPI cannot tell a client from a transaction coordinator).
 *
 * <p>Not thread-safe: one instance per writer (a log's append path is single-writer anyway). Close it
 * to free decompression contexts.
 */
public final class BatchValidator implements AutoCloseable {
    /** Kafka's {@code RecordBatch.NO_TIMESTAMP}. */
    public static final long NO_TIMESTAMP = -1L;
    /** As the leader epoch of {@link #validate(ByteBuffer, LogConfig, long, long, int)}: keep each batch's epoch as sent. */
    public static final int KEEP_EPOCH = Integer.MIN_VALUE;
    /** The largest append a reusing validator ({@link #withReusedCopy}) copies into its direct buffer. */
    public static final int MAX_REUSED_COPY_BYTES = 16 << 20;
    private static final int INITIAL_REUSED_COPY_BYTES = 64 << 10;

    private final TopicPartition partition;
    private final RecordBatchReader batches = new RecordBatchReader(true);
    private final RecordReader records;
    private final boolean reuseCopy;
    private ByteBuffer reusedCopy;
    // the running result of the append being validated (fields, so validating allocates nothing per batch)
    private long tallyMaxTimestamp;
    private long tallyOffsetOfMaxTimestamp;
    private int tallyRecords;
    private int tallyBatches;

    /** A validator for appends to {@code partition}, decompressing at most 64 MiB per batch. */
    public BatchValidator(TopicPartition partition) {
        this(partition, RecordReader.DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** A validator for appends to {@code partition}, decompressing at most {@code maxDecompressedBytes} per batch. */
    public BatchValidator(TopicPartition partition, int maxDecompressedBytes) {
        this(partition, maxDecompressedBytes, false);
    }

    private BatchValidator(TopicPartition partition, int maxDecompressedBytes, boolean reuseCopy) {
        this.partition = partition;
        this.records = new RecordReader(maxDecompressedBytes);
        this.reuseCopy = reuseCopy;
    }

    /**
     * A validator whose copy is one direct buffer it owns and reuses: each {@link #validate} overwrites
     * the previous result's bytes, so the engine must have written them out before it validates again
     * (or closes this). For engines that write the validated bytes to a file before the append returns:
     * it saves an allocation per append and, because the copy is direct, the JDK's second copy into a
     * temporary direct buffer inside {@code FileChannel.write}. The buffer grows to the largest append
     * up to {@value #MAX_REUSED_COPY_BYTES} bytes; a larger append gets a one-off heap copy.
     */
    public static BatchValidator withReusedCopy(TopicPartition partition) {
        return new BatchValidator(partition, RecordReader.DEFAULT_MAX_DECOMPRESSED_BYTES, true);
    }

    /**
     * Validates {@code input} (position to limit) and returns a private copy with offsets assigned from
     * {@code nextOffset}, stamped with {@code nowMs} when {@code config} says LogAppendTime.
     *
     * @throws CorruptRecordException when the bytes are not valid batches (positions relative to the
     *     input's position)
     * @throws RecordTooLargeException when a batch exceeds {@code max.message.bytes}
     * @throws InvalidRecordException when the input holds no batch or a batch breaks a leader's rule
     */
    public ValidatedAppend validate(ByteBuffer input, LogConfig config, long nextOffset, long nowMs) {
        return validate(input, config, nextOffset, nowMs, KEEP_EPOCH);
    }

    /**
     * As {@link #validate(ByteBuffer, LogConfig, long, long)}, and also stamps {@code leaderEpoch} into
     * every batch's partition leader epoch (outside the CRC), unless it is {@link #KEEP_EPOCH}: what a
     * leader's append ({@code PartitionLog.appendAsLeader}) stores.
     */
    public ValidatedAppend validate(ByteBuffer input, LogConfig config, long nextOffset, long nowMs, int leaderEpoch) {
        ByteBuffer copy = nonEmptyCopyOf(input);
        boolean stamp = config.logAppendTime();
        boolean compacted = config.compacted();
        long offset = nextOffset;
        startTally();
        batches.reset(copy);
        while (batches.next()) {
            RecordBatchFlyweight batch = batches.batch();
            checkBatch(batch, config);
            long batchMaxTimestamp = checkRecords(batch, compacted);
            batch.setBaseOffset(offset);
            if (leaderEpoch != KEEP_EPOCH) {
                batch.setPartitionLeaderEpoch(leaderEpoch);
            }
            if (stamp) {
                batch.setLogAppendTime(nowMs);
            } else if (batch.maxTimestamp() != batchMaxTimestamp) {
                batch.setMaxTimestamp(batchMaxTimestamp);
            }
            offset = tally(batch, batchMaxTimestamp);
        }
        if (stamp) {
            tallyMaxTimestamp = nowMs;
            tallyOffsetOfMaxTimestamp = offset - 1;
        }
        return tallied(copy, nextOffset, offset, stamp ? nowMs : NO_TIMESTAMP);
    }

    /**
     * Validates batches a follower fetched from its leader and returns a private copy, unchanged: offsets,
     * epochs, timestamps and CRCs stay as the leader stored them. Checks structure and CRC-32C, sizes
     * against {@code max.message.bytes} and {@code segment.bytes}, and that the batches continue the log:
     * the first starts at {@code nextOffset}, each later one at the previous one's next offset. Records are
     * not parsed: the CRC covers them, and the leader validated them (Kafka's follower does the same).
     *
     * @throws UnexpectedAppendOffsetException when a batch does not continue the log
     * @throws CorruptRecordException when the bytes are not valid batches
     * @throws RecordTooLargeException when a batch exceeds {@code max.message.bytes} or {@code segment.bytes}
     * @throws InvalidRecordException when the input holds no batch
     */
    public ValidatedAppend validateAsFollower(ByteBuffer input, LogConfig config, long nextOffset) {
        ByteBuffer copy = nonEmptyCopyOf(input);
        long offset = nextOffset;
        startTally();
        batches.reset(copy);
        while (batches.next()) {
            RecordBatchFlyweight batch = batches.batch();
            checkSize(batch, config);
            if (batch.baseOffset() != offset || batch.lastOffset() < batch.baseOffset()) {
                throw new UnexpectedAppendOffsetException(partition, offset, batch.baseOffset(), batch.start());
            }
            offset = tally(batch, batch.maxTimestamp());
        }
        return tallied(copy, nextOffset, offset, NO_TIMESTAMP);
    }

    private void startTally() {
        tallyMaxTimestamp = NO_TIMESTAMP;
        tallyOffsetOfMaxTimestamp = -1;
        tallyRecords = 0;
        tallyBatches = 0;
    }

    /** Counts a validated batch into the append's result; returns the offset after it. */
    private long tally(RecordBatchFlyweight batch, long batchMaxTimestamp) {
        if (batchMaxTimestamp > tallyMaxTimestamp) {
            tallyMaxTimestamp = batchMaxTimestamp;
            tallyOffsetOfMaxTimestamp = batch.lastOffset();
        }
        tallyRecords += batch.recordCount();
        tallyBatches++;
        return batch.nextOffset();
    }

    private ValidatedAppend tallied(ByteBuffer copy, long firstOffset, long nextOffset, long logAppendTime) {
        AppendResult result = new AppendResult(firstOffset, nextOffset - 1, tallyMaxTimestamp, tallyOffsetOfMaxTimestamp,
                logAppendTime, tallyRecords, tallyBatches, copy.limit());
        return new ValidatedAppend(copy.asReadOnlyBuffer(), result);
    }

    private ByteBuffer nonEmptyCopyOf(ByteBuffer input) {
        ByteBuffer copy = copyOf(input);
        if (!copy.hasRemaining()) {
            throw new InvalidRecordException("append holds no record batches: partition=" + partition);
        }
        return copy;
    }

    /** The private copy of {@code input} the batches are validated and renumbered in: position 0, limit its size. */
    private ByteBuffer copyOf(ByteBuffer input) {
        int size = input.remaining();
        if (!reuseCopy || size > MAX_REUSED_COPY_BYTES) {
            return ByteBuffer.allocate(size).put(input.duplicate()).flip();
        }
        if (reusedCopy == null || reusedCopy.capacity() < size) {
            reusedCopy = ByteBuffer.allocateDirect(Math.max(INITIAL_REUSED_COPY_BYTES, Integer.highestOneBit(size - 1) << 1));
        }
        return reusedCopy.clear().put(input.duplicate()).flip();
    }

    private void checkBatch(RecordBatchFlyweight batch, LogConfig config) {
        checkSize(batch, config);
        int count = batch.recordCount();
        if (count == 0) {
            throw invalid(batch, "a record batch must hold at least one record");
        }
        if (batch.lastOffsetDelta() != count - 1) {
            throw invalid(batch, "lastOffsetDelta=" + batch.lastOffsetDelta() + " disagrees with recordCount=" + count);
        }
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            throw invalid(batch, "producers must not set the LogAppendTime bit: the log stamps it");
        }
    }

    private void checkSize(RecordBatchFlyweight batch, LogConfig config) {
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException(partition, batch.sizeInBytes(), config.maxMessageBytes());
        }
        if (batch.sizeInBytes() > config.segmentBytes()) {
            throw new RecordTooLargeException(partition, batch.sizeInBytes(), RecordTooLargeException.SEGMENT_BYTES,
                    config.segmentBytes());
        }
    }

    /** Parses every record; returns the largest record timestamp. */
    private long checkRecords(RecordBatchFlyweight batch, boolean compacted) {
        long max = NO_TIMESTAMP;
        records.open(batch);
        for (int index = 0; records.next(); index++) {
            if (records.offsetDelta() != index) {
                throw invalid(batch, "record " + index + " has offsetDelta=" + records.offsetDelta());
            }
            if (compacted && records.keyLength() < 0 && !batch.isControl()) {
                throw invalid(batch, "record " + index + " has a null key: a compacted topic (cleanup.policy="
                        + "compact) cannot accept records without a key");
            }
            max = Math.max(max, records.timestamp());
        }
        return max;
    }

    private InvalidRecordException invalid(RecordBatchFlyweight batch, String detail) {
        return new InvalidRecordException("invalid record batch: partition=" + partition
                + ", position=" + batch.start() + ", " + detail);
    }

    /** Frees the decompression contexts. */
    @Override
    public void close() {
        records.close();
        reusedCopy = null;
    }
}

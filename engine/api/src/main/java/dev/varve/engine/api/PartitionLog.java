package dev.varve.engine.api;

import java.nio.ByteBuffer;

/**
 * One partition's append-only log of Kafka v2 record batches: what a broker appends to and reads from.
 *
 * <p>Offsets are contiguous from {@link #logStartOffset()} to {@link #logEndOffset()} (exclusive), except
 * for the gaps compaction leaves inside batches. Appends are atomic per call: every batch of the call is
 * stored or none is. Three appends: {@link #append} (a client's batches, offsets assigned, epochs kept as
 * sent), {@link #appendAsLeader} (the same, stamped with the leader epoch) and {@link #appendAsFollower}
 * (a leader's batches, kept as they are). After {@link #flush()} returns, everything appended before it survives a crash;
 * what was appended after the last flush may be lost on a crash, but only from the tail, never from the
 * middle, and never replaced by corrupt bytes. Implementations are safe for one writer and concurrent
 * readers unless they say otherwise.
 *
 * <p>Errors: bad input is a {@link CorruptRecordException}, {@link InvalidRecordException} or
 * {@link RecordTooLargeException} and leaves the log unchanged; an I/O failure is a
 * {@link LogStorageException}; expected outcomes (an offset out of range) are results. A write that
 * fails with an I/O error is rolled back (the log's files and state as before it, as far as the storage
 * allows) and may leave the log failed: every later mutation is then a {@link PartitionOfflineException}
 * until the engine reopens the partition and recovers it; reads continue. Nothing is acknowledged that a
 * failed write did not finish.
 */
public interface PartitionLog extends AutoCloseable {

    TopicPartition topicPartition();

    /** The configuration this log runs with. */
    LogConfig config();

    /**
     * Appends the batches in {@code batches} (position to limit) as a leader does: validates each batch
     * (structure, CRC, records, size against {@code max.message.bytes}), assigns offsets from the log end
     * (rewriting base offsets in the stored copy; the caller's buffer is not modified), stamps the log
     * append time when the log's {@code message.timestamp.type} is LogAppendTime, and rolls a segment
     * first when the engine's roll rules say so.
     *
     * @throws CorruptRecordException when a batch is not valid bytes
     * @throws RecordTooLargeException when a batch exceeds {@code max.message.bytes}
     */
    AppendResult append(ByteBuffer batches);

    /**
     * Appends as the partition leader does in leader epoch {@code leaderEpoch}: exactly {@link #append},
     * and also stamps {@code leaderEpoch} into every stored batch's partition leader epoch field (which
     * the CRC does not cover), as Kafka's {@code UnifiedLog.appendAsLeader} does. The epoch bookkeeping
     * (the leader-epoch cache) is the caller's: the log only stores the stamped batches.
     *
     * @throws IllegalArgumentException when {@code leaderEpoch} is negative
     * @throws CorruptRecordException when a batch is not valid bytes
     * @throws RecordTooLargeException when a batch exceeds {@code max.message.bytes}
     */
    AppendResult appendAsLeader(ByteBuffer batches, int leaderEpoch);

    /**
     * Appends batches a follower fetched from its leader, keeping them byte for byte: their offsets,
     * partition leader epochs, timestamps and CRCs, as Kafka's {@code UnifiedLog.appendAsFollower} does.
     * Each batch's structure and CRC are checked, and its size against {@code max.message.bytes} and
     * {@code segment.bytes}; records are not parsed (the CRC covers them). The first batch must start at
     * {@link #logEndOffset()} and each later batch where the one before it ends. All or nothing, like
     * {@link #append}; the result reports the batches' own offsets and max timestamp, and -1 as the log
     * append time.
     *
     * @throws UnexpectedAppendOffsetException when the batches do not continue the log
     * @throws CorruptRecordException when a batch is not valid bytes
     * @throws RecordTooLargeException when a batch exceeds {@code max.message.bytes} or {@code segment.bytes}
     * @throws InvalidRecordException when the input holds no batch
     */
    AppendResult appendAsFollower(ByteBuffer batches);

    /**
     * Reads whole batches starting with the one that holds {@code startOffset}, up to {@code maxBytes},
     * stopping before the first batch that holds any offset at or above {@code maxOffset} (the high
     * watermark, or {@link Long#MAX_VALUE} for no bound), so nothing at or above it is ever served, as
     * Kafka stops at the position of the batch holding the high watermark. When the first batch alone is larger than {@code maxBytes}
     * it is returned whole anyway, as Kafka does, so a reader always progresses.
     */
    ReadResult read(long startOffset, int maxBytes, long maxOffset);

    /**
     * The first offset whose record's timestamp is at or after {@code timestamp}, with that timestamp;
     * {@link TimestampOffset#EARLIEST} and {@link TimestampOffset#LATEST} give the log start and end.
     *
     * @return the match, or null when every record is older
     */
    TimestampOffset offsetForTimestamp(long timestamp);

    /** The first offset a reader can read. */
    long logStartOffset();

    /** The offset the next appended record gets. */
    long logEndOffset();

    /**
     * Removes every record at or above {@code offset}, as a replica does when it diverged from its
     * leader. Batches are atomic: when {@code offset} falls inside a batch the whole batch goes, and the
     * log end becomes that batch's base offset (never below the log start). No-op when
     * {@code offset >= logEndOffset()}; truncating to or below the log start empties the log and
     * restarts it at {@code offset}.
     */
    void truncateTo(long offset);

    /**
     * Advances the log start to {@code offset} (Kafka's DeleteRecords): records below it can no longer
     * be read, and segments wholly below it are deleted. Never moves the log start back.
     *
     * @return the new log start offset
     * @throws OffsetOutOfRangeException when {@code offset > logEndOffset()}
     */
    long deleteRecordsBefore(long offset);

    /** Closes the active segment and starts a new one at the log end (a no-op on an empty active segment). */
    void roll();

    /** Makes everything appended so far durable (fsync of data and indexes). */
    void flush();

    /** Flushes and releases files and memory. Idempotent; any later call but close fails. */
    @Override
    void close();
}

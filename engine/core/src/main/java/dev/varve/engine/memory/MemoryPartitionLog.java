package dev.varve.engine.memory;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.BatchValidator;
import dev.varve.engine.log.LeaderEpochs;
import dev.varve.engine.log.ValidatedAppend;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * The memory engine's {@link PartitionLog}: a view over a {@link PartitionStore} that validates appends
 * with the shared {@link BatchValidator}, takes log append time from the engine's clock, and refuses
 * every call but {@link #close()} once closed (or once its engine crashed) with an
 * {@link IllegalStateException}: using a closed log is misuse, not a storage failure.
 *
 * <p>Engine-specific rules, on top of the SPI: {@link #truncateTo} removes the whole batch holding the
 * offset (batches are atomic), so the log end becomes that batch's base offset (never below the log
 * start); {@link #roll()} does nothing. Every method locks the store, so one writer and any number of
 * readers are safe.
 */
final class MemoryPartitionLog implements PartitionLog {
    private final TopicPartition partition;
    private final LogConfig config;
    private final PartitionStore store;
    private final Clock clock;
    private final BatchValidator validator;
    private boolean closed;

    MemoryPartitionLog(TopicPartition partition, LogConfig config, PartitionStore store, Clock clock) {
        this.partition = partition;
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.validator = new BatchValidator(partition);
    }

    @Override
    public TopicPartition topicPartition() {
        return partition;
    }

    @Override
    public LogConfig config() {
        return config;
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
        synchronized (store) {
            ensureOpen();
            ValidatedAppend validated = follower
                    ? validator.validateAsFollower(batches, config, store.logEndOffset())
                    : validator.validate(batches, config, store.logEndOffset(), clock.millis(), leaderEpoch);
            store.append(validated.batches());
            return validated.result();
        }
    }

    @Override
    public ReadResult read(long startOffset, int maxBytes, long maxOffset) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: partition=" + partition + ", maxBytes=" + maxBytes);
        }
        synchronized (store) {
            ensureOpen();
            return store.read(startOffset, maxBytes, maxOffset);
        }
    }

    /**
     * {@inheritDoc} The timestamp reported with {@link TimestampOffset#EARLIEST} and
     * {@link TimestampOffset#LATEST} is -1, as Kafka reports it; other negative timestamps are refused.
     */
    @Override
    public TimestampOffset offsetForTimestamp(long timestamp) {
        synchronized (store) {
            ensureOpen();
            if (timestamp == TimestampOffset.EARLIEST) {
                return new TimestampOffset(-1, store.logStartOffset());
            }
            if (timestamp == TimestampOffset.LATEST) {
                return new TimestampOffset(-1, store.logEndOffset());
            }
            if (timestamp < 0) {
                throw new IllegalArgumentException("unsupported timestamp: partition=" + partition + ", timestamp=" + timestamp);
            }
            return store.offsetForTimestamp(timestamp);
        }
    }

    @Override
    public long logStartOffset() {
        synchronized (store) {
            ensureOpen();
            return store.logStartOffset();
        }
    }

    @Override
    public long logEndOffset() {
        synchronized (store) {
            ensureOpen();
            return store.logEndOffset();
        }
    }

    @Override
    public void truncateTo(long offset) {
        synchronized (store) {
            ensureOpen();
            store.truncateTo(offset);
        }
    }

    @Override
    public long deleteRecordsBefore(long offset) {
        synchronized (store) {
            ensureOpen();
            return store.deleteRecordsBefore(offset);
        }
    }

    @Override
    public void roll() {
        synchronized (store) {
            ensureOpen();
        }
    }

    @Override
    public void flush() {
        synchronized (store) {
            ensureOpen();
            store.flush();
        }
    }

    @Override
    public void close() {
        synchronized (store) {
            if (!closed) {
                store.flush();
                markClosed();
            }
        }
    }

    /** Closes without flushing: what a crash does to an open log. */
    void abandon() {
        synchronized (store) {
            markClosed();
        }
    }

    boolean isClosed() {
        synchronized (store) {
            return closed;
        }
    }

    private void markClosed() {
        closed = true;
        validator.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("partition log is closed: partition=" + partition);
        }
    }

    @Override
    public String toString() {
        return "MemoryPartitionLog(" + partition + ")";
    }
}

package dev.varve.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.storage.log.FetchIsolation;
import org.apache.kafka.server.util.KafkaScheduler;
import org.apache.kafka.storage.internals.log.FetchDataInfo;
import org.apache.kafka.storage.internals.log.LogAppendInfo;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.apache.kafka.storage.internals.log.ProducerStateManagerConfig;
import org.apache.kafka.storage.internals.log.UnifiedLog;
import org.apache.kafka.storage.log.metrics.BrokerTopicStats;

/**
 * Apache Kafka 4.4's own partition log ({@link UnifiedLog}, kafka-storage) opened on a folder the way a
 * broker's {@code LogManager} opens it, with nothing else of a broker: the peer that Varve's engine is
 * measured against on identical batches.
 *
 * <p>What it holds: a one-thread {@link KafkaScheduler} (daemon), a {@link BrokerTopicStats} (Yammer
 * metrics), a {@link LogDirFailureChannel}, Kafka's defaults for the producer-state config
 * ({@code producer.id.expiration.ms} 86400000, no transaction verification), the transaction timeout
 * (900000) and expiration check interval (600000). {@link #close()} closes the log and releases all of
 * them; {@link #abandon()} releases them but leaves the files as a killed broker would.
 *
 * <p>Configuration: a map with Kafka's topic config names ({@code segment.bytes}, {@code index.interval.bytes},
 * {@code compression.type}, ...), laid over {@link #DEFAULTS}. Note that Kafka 4 refuses
 * {@code segment.bytes} under 1 MiB; its tests use {@code internal.segment.bytes}.
 *
 * <p>Appending: {@link #append} goes through {@code appendAsLeader} (client origin), which validates
 * each batch, decompresses compressed ones, assigns offsets <em>in place in the caller's buffer</em> and
 * refuses batches whose base offset is not 0. So a reused buffer is reset to base offset 0 first
 * ({@link #resetOffsets}); that costs one header write per batch. Timestamps: Kafka's leader refuses
 * records more than {@code message.timestamp.after.max.ms} (1 h) ahead of its clock.
 *
 * <p>Caveat, found while writing the benchmarks: {@code UnifiedLog.close()} (4.4) leaves the active
 * segment's {@code .index} and {@code .timeindex} at their preallocated 10 MiB, and a clean reopen
 * ({@link #open(Path, String, int, Map)}) reads the zero-filled time index as full, so
 * {@link #offsetForTimestamp} finds nothing. Measure lookups on the log that wrote the data, or reopen
 * it with {@code lastShutdownClean} false (recovery rebuilds the indexes).
 *
 * <p>Thread-safety: as {@link UnifiedLog}'s (one appender, concurrent readers). Not reusable after close.
 */
public final class KafkaLogPeer implements AutoCloseable {
    /** Config applied unless the caller's map overrides it: 1 GiB segments, no delayed file deletion. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "segment.bytes", Integer.toString(1 << 30),
            "file.delete.delay.ms", "0");
    private static final int MAX_TRANSACTION_TIMEOUT_MS = 900_000;
    private static final int PRODUCER_ID_EXPIRATION_MS = 86_400_000;
    private static final int PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 600_000;

    private final Path directory;
    private final UnifiedLog log;
    private final KafkaScheduler scheduler;
    private final BrokerTopicStats stats;
    private boolean closed;

    private KafkaLogPeer(Path directory, UnifiedLog log, KafkaScheduler scheduler, BrokerTopicStats stats) {
        this.directory = directory;
        this.log = log;
        this.scheduler = scheduler;
        this.stats = stats;
    }

    /** Opens (creating if absent) {@code <dataDirectory>/<topic>-<partition>} as after a clean shutdown. */
    public static KafkaLogPeer open(Path dataDirectory, String topic, int partition, Map<String, String> config) {
        return open(dataDirectory, topic, partition, config, 0L, true);
    }

    /**
     * Opens {@code <dataDirectory>/<topic>-<partition>}; with {@code lastShutdownClean} false, Kafka
     * recovers (re-validates and re-indexes) every segment from {@code recoveryPoint} before returning.
     */
    public static KafkaLogPeer open(Path dataDirectory, String topic, int partition, Map<String, String> config,
            long recoveryPoint, boolean lastShutdownClean) {
        Path directory = dataDirectory.resolve(topic + "-" + partition);
        Map<String, String> merged = new HashMap<>(DEFAULTS);
        merged.putAll(config);
        KafkaScheduler scheduler = new KafkaScheduler(1, true, "kafka-peer-");
        scheduler.startup();
        BrokerTopicStats stats = new BrokerTopicStats(false);
        try {
            UnifiedLog log = UnifiedLog.create(directory.toFile(), new LogConfig(merged), 0L, recoveryPoint, scheduler,
                    stats, Time.SYSTEM, MAX_TRANSACTION_TIMEOUT_MS,
                    new ProducerStateManagerConfig(PRODUCER_ID_EXPIRATION_MS, false),
                    PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, new LogDirFailureChannel(1), lastShutdownClean,
                    Optional.empty());
            return new KafkaLogPeer(directory, log, scheduler, stats);
        } catch (IOException | RuntimeException e) {
            release(scheduler, stats);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The partition folder. */
    public Path directory() {
        return directory;
    }

    /** The underlying log, for calls this wrapper does not cover. */
    public UnifiedLog log() {
        return log;
    }

    /** Sets every batch of {@code records} back to base offset 0 (in place), as a producer sends it. */
    public static MemoryRecords resetOffsets(MemoryRecords records) {
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.baseOffset() != 0) {
                batch.setLastOffset(batch.lastOffset() - batch.baseOffset());
            }
        }
        return records;
    }

    /** {@code appendAsLeader(records, leaderEpoch 0)} after {@link #resetOffsets}; rewrites offsets in {@code records}. */
    public LogAppendInfo append(MemoryRecords records) {
        try {
            return log.appendAsLeader(resetOffsets(records), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #append(MemoryRecords)} of the batches in {@code batches} (position to limit; its bytes are rewritten). */
    public LogAppendInfo append(ByteBuffer batches) {
        return append(MemoryRecords.readableRecords(batches.duplicate()));
    }

    /**
     * {@code read(offset, maxBytes, LOG_END isolation, minOneMessage true)}: whole batches from the one
     * holding {@code offset}, as a follower fetch (no high-watermark bound) reads them.
     */
    public Records read(long offset, int maxBytes) {
        try {
            FetchDataInfo info = log.read(offset, maxBytes, FetchIsolation.LOG_END, true);
            return info.records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends all of {@code records} to {@code target} as Kafka's network layer does ({@code writeTo}, zero copy for files). */
    public static long transfer(Records records, TransferableChannel target) {
        try {
            int size = records.sizeInBytes();
            long sent = 0;
            while (sent < size) {
                sent += records.writeTo(target, (int) sent, size - (int) sent);
            }
            return sent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first offset whose timestamp is at or after {@code timestampMs}; empty when every record is older. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestampMs) {
        return log.fetchOffsetByTimestamp(timestampMs, Optional.empty()).timestampAndOffsetOpt();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    /** Fsyncs every segment up to the log end, the active one included. */
    public void flush() {
        log.flush(true);
    }

    /** Closes the log (Kafka fsyncs on close and writes its snapshots), then the scheduler and metrics. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            log.close();
        } finally {
            release(scheduler, stats);
        }
    }

    /** Deletes the log's files and folder without flushing them (dirty pages are dropped), then releases the rest. */
    public void delete() {
        if (!closed) {
            closed = true;
            try {
                log.delete();
            } finally {
                release(scheduler, stats);
            }
        }
    }

    /** Releases the scheduler and metrics without closing the log: the files stay as a killed broker leaves them. */
    public void abandon() {
        if (!closed) {
            closed = true;
            release(scheduler, stats);
        }
    }

    private static void release(KafkaScheduler scheduler, BrokerTopicStats stats) {
        try {
            scheduler.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stats.close();
        }
    }
}

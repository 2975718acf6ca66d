package dev.varve.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.util.KafkaScheduler;
import org.apache.kafka.storage.internals.log.Cleaner;
import org.apache.kafka.storage.internals.log.LastRecord;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.apache.kafka.storage.internals.log.LogSegment;
import org.apache.kafka.storage.internals.log.LogToClean;
import org.apache.kafka.storage.internals.log.ProducerStateManagerConfig;
import org.apache.kafka.storage.internals.log.SkimpyOffsetMap;
import org.apache.kafka.storage.internals.log.UnifiedLog;
import org.apache.kafka.storage.internals.utils.Throttler;
import org.apache.kafka.storage.log.metrics.BrokerTopicStats;

/**
 * Test support: Apache Kafka 4.4's own log cleaner ({@link Cleaner}, the class a broker's
 * {@code LogCleaner} threads run) over a Kafka {@link UnifiedLog} opened on a partition folder of
 * segment files. The log is opened as after an unclean shutdown from offset 0, so Kafka re-validates
 * every batch, rebuilds the indexes and its producer state from the files; then it is rolled (the
 * cleaner never touches the active segment) and its high watermark set to the log end, as a broker's
 * would be once every record is replicated. The clock is fixed at the caller's time, so producer ids
 * do not expire under the test's old timestamps. One pass is {@link #clean}: Kafka's
 * {@code Cleaner.doClean} with the dirty range and the time given. Not thread-safe.
 */
final class KafkaCleaner implements AutoCloseable {
    private static final int IO_BUFFER_BYTES = 4096;
    private static final int MAX_IO_BUFFER_BYTES = 1 << 20;

    private final UnifiedLog log;
    private final KafkaScheduler scheduler;
    private final BrokerTopicStats stats;
    private final Cleaner cleaner;

    private KafkaCleaner(UnifiedLog log, KafkaScheduler scheduler, BrokerTopicStats stats, Cleaner cleaner) {
        this.log = log;
        this.scheduler = scheduler;
        this.stats = stats;
        this.cleaner = cleaner;
    }

    /**
     * Opens the folder {@code dir} (named {@code <topic>-<partition>}) with {@code delete.retention.ms}
     * and a dedupe buffer of {@code mapBytes}, at the fixed time {@code nowMs}.
     */
    static KafkaCleaner open(Path dir, long deleteRetentionMs, int mapBytes, long nowMs) {
        Time clock = new FixedTime(nowMs);
        KafkaScheduler scheduler = new KafkaScheduler(1, true, "kafka-cleaner-oracle-");
        scheduler.startup();
        BrokerTopicStats stats = new BrokerTopicStats(false);
        try {
            LogConfig config = new LogConfig(Map.of("cleanup.policy", "compact",
                    "delete.retention.ms", Long.toString(deleteRetentionMs), "file.delete.delay.ms", "0"));
            UnifiedLog log = UnifiedLog.create(dir.toFile(), config, 0L, 0L, scheduler, stats, clock, 300_000,
                    new ProducerStateManagerConfig(86_400_000, false), 600_000, new LogDirFailureChannel(1), false,
                    Optional.empty());
            log.roll();
            log.updateHighWatermark(log.logEndOffset());
            Cleaner cleaner = new Cleaner(0, new SkimpyOffsetMap(mapBytes), IO_BUFFER_BYTES, MAX_IO_BUFFER_BYTES,
                    OffsetMap.LOAD_FACTOR, new Throttler(Double.MAX_VALUE, Long.MAX_VALUE, "cleaner-io", "bytes", clock),
                    clock, tp -> { });
            return new KafkaCleaner(log, scheduler, stats, cleaner);
        } catch (IOException e) {
            shutdown(scheduler, stats);
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            shutdown(scheduler, stats);
            throw new IllegalStateException(e);
        }
    }

    /**
     * One cleaning pass over {@code [firstDirtyOffset, firstUncleanableOffset)} at {@code nowMs}.
     *
     * @return the first offset not cleaned (Kafka's next cleaner checkpoint)
     */
    long clean(long firstDirtyOffset, long firstUncleanableOffset, long nowMs) {
        try {
            return cleaner.doClean(new LogToClean(log, firstDirtyOffset, firstUncleanableOffset, false), nowMs).getKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The log end offset (the rolled, empty active segment's base). */
    long logEndOffset() {
        return log.logEndOffset();
    }

    /** Kafka's active producers as the cleaner sees them: the last data offset of each. */
    ActiveProducers activeProducers() {
        Map<Long, LastRecord> last = log.lastRecordsOfActiveProducers();
        return id -> {
            LastRecord r = last.get(id);
            return r == null ? -1L : r.lastDataOffset().orElse(-1L);
        };
    }

    /** Every batch of every segment, read through Kafka's segment objects, CRCs checked. */
    List<RecordBatch> batches() {
        List<RecordBatch> out = new ArrayList<>();
        for (LogSegment segment : log.logSegments()) {
            for (RecordBatch batch : segment.log().batches()) {
                batch.ensureValid();
                out.add(batch);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            log.close();
        } finally {
            shutdown(scheduler, stats);
        }
    }

    private static void shutdown(KafkaScheduler scheduler, BrokerTopicStats stats) {
        try {
            scheduler.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stats.close();
        }
    }

    /** A clock standing still: Kafka's producer-id expiry and the cleaner's stats read it. */
    private record FixedTime(long nowMs) implements Time {
        @Override
        public long milliseconds() {
            return nowMs;
        }

        @Override
        public long nanoseconds() {
            return nowMs * 1_000_000L;
        }

        @Override
        public void sleep(long ms) {
        }
    }
}

package dev.varve.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.storage.internals.log.Cleaner;
import org.apache.kafka.storage.internals.log.CleanerStats;
import org.apache.kafka.storage.internals.log.LogToClean;
import org.apache.kafka.storage.internals.log.SkimpyOffsetMap;
import org.apache.kafka.storage.internals.utils.Throttler;

/**
 * Apache Kafka 4.4's log cleaner ({@link Cleaner}, what each of a broker's {@code LogCleaner} threads
 * runs) over a {@link KafkaLogPeer}: one pass is {@code Cleaner.doClean}, which builds the offset map
 * over the dirty range, groups the segments by {@code segment.bytes}, filters each group into a
 * {@code .cleaned} segment (fsynced) and swaps it in. The log is opened with full recovery (so Kafka
 * builds its indexes and producer state from the files, which may come from Varve's writer), rolled
 * so every segment written is cleanable (the active segment never is), and its high watermark set to
 * the log end, as a broker's is once the records are replicated.
 *
 * <p>Sizing as a broker with {@code log.cleaner.threads=1}: a {@link SkimpyOffsetMap} (MD5) of
 * {@code dedupeBufferBytes}, load factor 0.9, I/O buffers of {@code ioBufferBytes} each for reading and
 * writing (Kafka's {@code log.cleaner.io.buffer.size} 512 KiB split in two), grown up to 1 MiB for a
 * larger batch, no throttle. Not thread-safe; {@link #close()} closes the log.
 */
public final class KafkaCleanerPeer implements AutoCloseable {
    private static final double LOAD_FACTOR = 0.9;
    private static final int MAX_IO_BUFFER_BYTES = 1 << 20;

    private final KafkaLogPeer peer;
    private final Cleaner cleaner;

    private KafkaCleanerPeer(KafkaLogPeer peer, Cleaner cleaner) {
        this.peer = peer;
        this.cleaner = cleaner;
    }

    /**
     * Opens {@code <dataDirectory>/<topic>-<partition>} (recovering every segment) with the topic
     * {@code config} over {@link KafkaLogPeer#DEFAULTS}, rolls it and raises its high watermark.
     */
    public static KafkaCleanerPeer open(Path dataDirectory, String topic, int partition, Map<String, String> config,
            int dedupeBufferBytes, int ioBufferBytes) {
        KafkaLogPeer peer = KafkaLogPeer.open(dataDirectory, topic, partition, config, 0L, false);
        try {
            peer.log().roll();
            peer.log().updateHighWatermark(peer.logEndOffset());
            Cleaner cleaner = new Cleaner(0, new SkimpyOffsetMap(dedupeBufferBytes), ioBufferBytes, MAX_IO_BUFFER_BYTES,
                    LOAD_FACTOR, new Throttler(Double.MAX_VALUE, Long.MAX_VALUE, "cleaner-io", "bytes", Time.SYSTEM),
                    Time.SYSTEM, tp -> { });
            return new KafkaCleanerPeer(peer, cleaner);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            peer.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** One pass over {@code [firstDirtyOffset, firstUncleanableOffset)} at {@code nowMs}; Kafka's counts. */
    public CleanerStats clean(long firstDirtyOffset, long firstUncleanableOffset, long nowMs) {
        try {
            return cleaner.doClean(new LogToClean(peer.log(), firstDirtyOffset, firstUncleanableOffset, false), nowMs).getValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Distinct keys in the offset map after the last pass. */
    public int mapSize() {
        return cleaner.offsetMap().size();
    }

    /** The log being cleaned. */
    public KafkaLogPeer log() {
        return peer;
    }

    @Override
    public void close() {
        peer.close();
    }
}

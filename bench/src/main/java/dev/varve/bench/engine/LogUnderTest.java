package dev.varve.bench.engine;

import dev.varve.bench.peer.FileChannelFloor;
import dev.varve.bench.peer.KafkaLogPeer;
import dev.varve.bench.peer.NullTransferableChannel;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

/**
 * One partition log as the engine benchmarks drive it, whichever engine holds it, so every benchmark
 * runs the same loop against {@code varve} (the segmented engine through {@link PartitionLog}),
 * {@code kafka} (Kafka's {@code UnifiedLog} through {@link KafkaLogPeer}) and, for appends,
 * {@code floor} / {@code floorDirect} (a bare {@code FileChannel.write} of the same batches; the
 * benchmark hands {@code floorDirect} direct copies of them, so the JDK's copy into a temporary direct
 * buffer is saved). Logs live in {@code <dataDirectory>/bench-0}; both engines run with
 * their defaults (1 GiB segments, index entry every 4096 B, no flush). Not thread-safe.
 */
public interface LogUnderTest extends AutoCloseable {
    /** The topic of every benchmark log: folder {@code bench-0}. */
    String TOPIC = "bench";

    /** Appends one batch (base offset 0 for Kafka, which rewrites it in place; Varve copies). */
    void append(ByteBuffer batch);

    /** Reads whole batches from {@code offset} up to {@code maxBytes} and transfers them to {@code devNull}; returns the slice size. */
    long readTo(long offset, int maxBytes, FileChannel devNull);

    /** Locates the batch holding {@code offset} (index lookup and scan) without transferring it; returns the slice size. */
    long lookup(long offset, int maxBytes);

    /** A copy of the bytes {@code read(offset, maxBytes)} returns: for checks and tests, not measured. */
    ByteBuffer copy(long offset, int maxBytes);

    /** The first offset at or after {@code timestampMs}, or -1. */
    long offsetForTimestamp(long timestampMs);

    long logEndOffset();

    /** Closes cleanly (Varve: flush, checkpoints, clean-shutdown marker; Kafka: flush and snapshots). */
    @Override
    void close();

    /** Releases everything without a flush and deletes the log's files (dirty pages are dropped). */
    void discard();

    /**
     * Opens {@code engine} ({@code varve}, {@code kafka}, {@code floor}, {@code floorDirect}) on
     * {@code dataDirectory}. For {@code varve} and {@code kafka}, {@code clean} false opens the log as
     * after a crash with nothing checkpointed, so it is recovered from offset 0 first (the caller removes
     * Varve's marker and checkpoints).
     */
    static LogUnderTest open(String engine, Path dataDirectory, boolean clean) {
        return switch (engine) {
            case "varve" -> new Varve(dataDirectory);
            case "kafka" -> new Kafka(clean
                    ? KafkaLogPeer.open(dataDirectory, TOPIC, 0, Map.of())
                    : KafkaLogPeer.open(dataDirectory, TOPIC, 0, Map.of(), 0L, false));
            case "floor", "floorDirect" -> new Floor(dataDirectory);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
    }

    /** The segmented engine, its background work pushed out of the measured window. */
    final class Varve implements LogUnderTest {
        private static final long HOUR_MS = 3_600_000;
        private final Path dataDirectory;
        private final SegmentedLogEngine engine;
        private final PartitionLog log;

        Varve(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            this.engine = SegmentedLogEngine.open(new EngineContext(dataDirectory, Clock.systemUTC()),
                    new SegmentedLogEngine.Schedule(HOUR_MS, HOUR_MS, HOUR_MS));
            this.log = engine.open(new TopicPartition(TOPIC, 0), LogConfig.defaults());
        }

        @Override
        public void append(ByteBuffer batch) {
            log.append(batch);
        }

        @Override
        public long readTo(long offset, int maxBytes, FileChannel devNull) {
            ReadResult result = log.read(offset, maxBytes, Long.MAX_VALUE);
            int size = result.records().sizeInBytes();
            try {
                long sent = 0;
                while (sent < size) {
                    sent += result.records().writeTo(devNull, sent);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return size;
        }

        @Override
        public long lookup(long offset, int maxBytes) {
            return log.read(offset, maxBytes, Long.MAX_VALUE).records().sizeInBytes();
        }

        @Override
        public ByteBuffer copy(long offset, int maxBytes) {
            return log.read(offset, maxBytes, Long.MAX_VALUE).records().toBuffer();
        }

        @Override
        public long offsetForTimestamp(long timestampMs) {
            TimestampOffset found = log.offsetForTimestamp(timestampMs);
            return found == null ? -1 : found.offset();
        }

        @Override
        public long logEndOffset() {
            return log.logEndOffset();
        }

        @Override
        public void close() {
            engine.close();
        }

        @Override
        public void discard() {
            engine.halt();
            BenchFiles.deleteTree(dataDirectory);
        }
    }

    /** Kafka's {@code UnifiedLog}. */
    final class Kafka implements LogUnderTest {
        private final KafkaLogPeer peer;
        private NullTransferableChannel sink;

        Kafka(KafkaLogPeer peer) {
            this.peer = peer;
        }

        @Override
        public void append(ByteBuffer batch) {
            peer.append(batch);
        }

        @Override
        public long readTo(long offset, int maxBytes, FileChannel devNull) {
            if (sink == null) {
                sink = new NullTransferableChannel(devNull);
            }
            Records records = peer.read(offset, maxBytes);
            return KafkaLogPeer.transfer(records, sink);
        }

        @Override
        public long lookup(long offset, int maxBytes) {
            return peer.read(offset, maxBytes).sizeInBytes();
        }

        @Override
        public ByteBuffer copy(long offset, int maxBytes) {
            Records records = peer.read(offset, maxBytes);
            ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
            for (RecordBatch batch : records.batches()) {
                batch.writeTo(copy);
            }
            return copy.flip();
        }

        @Override
        public long offsetForTimestamp(long timestampMs) {
            return peer.offsetForTimestamp(timestampMs).map((TimestampAndOffset t) -> t.offset).orElse(-1L);
        }

        @Override
        public long logEndOffset() {
            return peer.logEndOffset();
        }

        @Override
        public void close() {
            peer.close();
        }

        @Override
        public void discard() {
            peer.delete();
            BenchFiles.deleteTree(peer.directory().getParent());
        }
    }

    /** The bare {@code FileChannel.write} loop; appends only. */
    final class Floor implements LogUnderTest {
        private final Path dataDirectory;
        private final FileChannelFloor floor;

        Floor(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            BenchFiles.createDirectories(dataDirectory.resolve(TOPIC + "-0"));
            this.floor = new FileChannelFloor(dataDirectory.resolve(TOPIC + "-0").resolve("floor.log"));
        }

        @Override
        public void append(ByteBuffer batch) {
            floor.append(batch);
        }

        @Override
        public long readTo(long offset, int maxBytes, FileChannel devNull) {
            throw new UnsupportedOperationException("the floor only appends");
        }

        @Override
        public long lookup(long offset, int maxBytes) {
            throw new UnsupportedOperationException("the floor only appends");
        }

        @Override
        public ByteBuffer copy(long offset, int maxBytes) {
            throw new UnsupportedOperationException("the floor only appends");
        }

        @Override
        public long offsetForTimestamp(long timestampMs) {
            throw new UnsupportedOperationException("the floor only appends");
        }

        @Override
        public long logEndOffset() {
            return floor.bytesWritten();
        }

        @Override
        public void close() {
            floor.close();
        }

        @Override
        public void discard() {
            floor.close();
            BenchFiles.deleteTree(dataDirectory);
        }
    }
}

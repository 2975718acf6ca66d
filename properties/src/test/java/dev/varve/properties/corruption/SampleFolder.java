package dev.varve.properties.corruption;

import dev.varve.compaction.CleanerCheckpoint;
import dev.varve.compaction.LogCleaner;
import dev.varve.compaction.OffsetMap;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.codec.CompressionCodec;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.topic.TopicCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data directory written by the real engine, catalog and cleaner, closed cleanly: the sample every
 * flip starts from. Two topics of one partition each:
 * <ul>
 *   <li>{@code plain}: every codec, leader epochs 0 to 2 ({@code appendAsLeader}), a committed
 *       transaction (transactional batch and its control batch), small segments and a dense index;</li>
 *   <li>{@code compacted}: {@code cleanup.policy=compact}, few keys over several segments, cleaned, so
 *       the cleaned segment holds offset gaps.</li>
 * </ul>
 * The sample batches are every batch of every {@code .log}: the flips target their headers.
 */
final class SampleFolder {
    static final String PLAIN = "plain";
    static final String COMPACTED = "compacted";
    static final long T0 = 1_700_000_000_000L;
    private static final List<CompressionCodec> CODECS = List.of(CompressionCodec.NONE, CompressionCodec.GZIP,
            CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD);

    /** One batch of a {@code .log} file: the file relative to the data directory, its start and size. */
    record SampleBatch(Path log, int position, int size, long baseOffset, boolean last) {
        @Override
        public String toString() {
            return log + "@" + position + " (baseOffset " + baseOffset + (last ? ", last of its file" : "") + ")";
        }
    }

    private SampleFolder() {
    }

    /** Writes the sample into the empty directory {@code dir}. */
    static void write(Path dir) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + 1_000_000), ZoneOffset.UTC);
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, clock))) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create(PLAIN, 1, Map.of("segment.bytes", "2048", "index.interval.bytes", "128"));
            writePlain(catalog.open(PLAIN, 0));
            catalog.create(COMPACTED, 1, Map.of("cleanup.policy", "compact", "segment.bytes", "1024",
                    "index.interval.bytes", "128", "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "86400000"));
            PartitionLog compacted = catalog.open(COMPACTED, 0);
            writeCompacted(compacted);
            compacted.roll();
            try (LogCleaner cleaner = new LogCleaner(new CleanerCheckpoint(dir), new OffsetMap(64 * OffsetMap.BYTES_PER_ENTRY * 2),
                    4096, clock)) {
                cleaner.clean(engine.cleanable(new TopicPartition(COMPACTED, 0)));
            }
        }
    }

    private static void writePlain(PartitionLog log) {
        long timestamp = T0;
        int n = 0;
        for (int epoch = 0; epoch <= 2; epoch++) {
            for (CompressionCodec codec : CODECS) {
                try (RecordBatchBuilder builder = new RecordBatchBuilder(codec)) {
                    builder.reset(0);
                    for (int i = 0; i < 4; i++, n++) {
                        builder.append(timestamp += 7, utf8("key-" + n % 9), utf8("value " + n + " of " + codec.configName()),
                                new RecordHeader("h", utf8("x" + n)));
                    }
                    log.appendAsLeader(copy(builder.build()), epoch);
                }
            }
            if (epoch == 1) {
                timestamp = writeTransaction(log, timestamp);
            }
        }
    }

    private static long writeTransaction(PartitionLog log, long timestamp) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0).producer(77, (short) 3, 0).transactional(true);
            builder.append(timestamp += 5, utf8("txn-a"), utf8("in a transaction"));
            builder.append(timestamp += 5, null, utf8("in a transaction, no key"));
            log.appendAsLeader(copy(builder.build()), 1);
            builder.reset(0).producer(77, (short) 3, -1).transactional(true);
            builder.appendEndTxnMarker(ControlRecordType.COMMIT, timestamp += 5, 4);
            log.appendAsLeader(copy(builder.build()), 1);
        }
        return timestamp;
    }

    private static void writeCompacted(PartitionLog log) {
        long timestamp = T0;
        for (int n = 0; n < 60; ) {
            CompressionCodec codec = CODECS.get(n / 3 % CODECS.size());
            try (RecordBatchBuilder builder = new RecordBatchBuilder(codec)) {
                builder.reset(0);
                for (int i = 0; i < 3; i++, n++) {
                    builder.append(timestamp += 3, utf8("k" + (n * 7 % 6)), utf8("compacted value " + n));
                }
                log.appendAsLeader(copy(builder.build()), n < 30 ? 4 : 5);
            }
        }
    }

    /** Every batch of every {@code .log} under {@code dir}, paths relative to it, in file and position order. */
    static List<SampleBatch> batches(Path dir) {
        List<SampleBatch> batches = new ArrayList<>();
        for (Path log : files(dir, ".log")) {
            ByteBuffer bytes = ByteBuffer.wrap(read(log));
            RecordBatchReader reader = new RecordBatchReader().reset(bytes);
            List<SampleBatch> ofFile = new ArrayList<>();
            while (reader.next()) {
                ofFile.add(new SampleBatch(dir.relativize(log), reader.batch().start(), reader.batch().sizeInBytes(),
                        reader.batch().baseOffset(), false));
            }
            if (!ofFile.isEmpty()) {
                SampleBatch last = ofFile.remove(ofFile.size() - 1);
                ofFile.add(new SampleBatch(last.log(), last.position(), last.size(), last.baseOffset(), true));
            }
            batches.addAll(ofFile);
        }
        return batches;
    }

    /** The files under {@code dir} whose names end with {@code suffix}, relative to it, sorted. */
    static List<Path> relativeFiles(Path dir, String suffix) {
        return files(dir, suffix).stream().map(dir::relativize).toList();
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(path -> path.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer copy(ByteBuffer batch) {
        return ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
    }
}

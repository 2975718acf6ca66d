package dev.varve.engine.segmented;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.util.KafkaScheduler;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.apache.kafka.storage.internals.log.ProducerStateManagerConfig;
import org.apache.kafka.storage.internals.log.UnifiedLog;
import org.apache.kafka.storage.log.metrics.BrokerTopicStats;

/**
 * Test support for the folder oracles: random workloads (batches of every codec with random record
 * counts, sizes, timestamps and headers), the same batch built by Varve's builder or by Kafka's, the
 * same partition configuration expressed for both engines, records decoded by either side into one
 * comparable text form, and a Kafka {@link UnifiedLog} opened on a folder with everything it needs
 * (scheduler, metrics, producer-state config) and released in one {@link KafkaLog#close()}.
 */
final class KafkaOracle {
    /** The topic of every oracle folder: folder {@code oracle-0}. */
    static final String TOPIC = "oracle";
    /** Wall-clock base of the workloads' timestamps; Kafka's leader rejects timestamps over 1 h ahead of its clock. */
    static final long NOW_MS = System.currentTimeMillis();

    private KafkaOracle() {
    }

    /** One record of a workload; a null key or value is Kafka's null. */
    record Rec(long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
    }

    /** One batch of a workload: codec and records. */
    record Batch(CompressionCodec codec, List<Rec> records) {
    }

    /** Segment-level knobs shared by both engines. */
    record Knobs(int segmentBytes, int indexIntervalBytes, int segmentIndexBytes) {
        LogConfig varve() {
            return LogConfig.of(Map.of("segment.bytes", Integer.toString(segmentBytes),
                    "index.interval.bytes", Integer.toString(indexIntervalBytes),
                    "segment.index.bytes", Integer.toString(segmentIndexBytes)));
        }

        org.apache.kafka.storage.internals.log.LogConfig kafka() {
            return new org.apache.kafka.storage.internals.log.LogConfig(Map.of(
                    "internal.segment.bytes", Integer.toString(segmentBytes),
                    "index.interval.bytes", Integer.toString(indexIntervalBytes),
                    "segment.index.bytes", Integer.toString(segmentIndexBytes),
                    "file.delete.delay.ms", "0"));
        }

        static Knobs random(SplittableRandom random) {
            int segmentIndexBytes = random.nextInt(4) == 0 ? 48 + random.nextInt(200) : 10 * 1024 * 1024;
            // Both engines refuse a batch larger than segment.bytes, as Kafka's leader does; the largest
            // random batch is under 9 KiB, so segments start there and still roll every batch or two.
            return new Knobs(9 * 1024 + random.nextInt(8 * 1024), random.nextInt(4) == 0 ? 0 : random.nextInt(1024),
                    segmentIndexBytes);
        }

        @Override
        public String toString() {
            return "segment.bytes=" + segmentBytes + ", index.interval.bytes=" + indexIntervalBytes
                    + ", segment.index.bytes=" + segmentIndexBytes;
        }
    }

    /** {@code count} random batches: every codec, 1 to 20 records of 0 to 300 bytes, some with headers. */
    static List<Batch> randomBatches(SplittableRandom random, int count) {
        CompressionCodec[] codecs = CompressionCodec.values();
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            CompressionCodec codec = codecs[random.nextInt(codecs.length)];
            int records = 1 + random.nextInt(random.nextInt(4) == 0 ? 20 : 5);
            boolean noTimestamps = random.nextInt(25) == 0;
            long base = NOW_MS - 3_600_000 + b * 1000L;
            List<Rec> list = new ArrayList<>();
            for (int r = 0; r < records; r++) {
                long ts = noTimestamps ? -1 : base + random.nextInt(-5000, 5000);
                byte[] key = random.nextInt(3) == 0 ? null : bytes(random, random.nextInt(30));
                byte[] value = random.nextInt(20) == 0 ? null : bytes(random, random.nextInt(300));
                List<RecordHeader> headers = new ArrayList<>();
                for (int h = random.nextInt(3) == 0 ? random.nextInt(4) : 0; h > 0; h--) {
                    headers.add(new RecordHeader("h" + random.nextInt(100), random.nextInt(5) == 0 ? null : bytes(random, random.nextInt(20))));
                }
                list.add(new Rec(ts, key, value, headers));
            }
            batches.add(new Batch(codec, list));
        }
        return batches;
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        boolean compressible = random.nextBoolean();
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (compressible ? 'a' + random.nextInt(3) : random.nextInt(256));
        }
        return bytes;
    }

    /** The batch built by Varve's builder at base offset 0. */
    static ByteBuffer varveBatch(Batch batch) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(batch.codec())) {
            builder.reset(0);
            for (Rec rec : batch.records()) {
                builder.append(rec.timestamp(), rec.key(), rec.value(), rec.headers().toArray(RecordHeader[]::new));
            }
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    /** The batch built by Kafka's {@link MemoryRecordsBuilder} at base offset 0, CreateTime. */
    static MemoryRecords kafkaBatch(Batch batch) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), kafkaCompression(batch.codec()),
                TimestampType.CREATE_TIME, 0L);
        for (Rec rec : batch.records()) {
            Header[] headers = rec.headers().stream()
                    .map(h -> new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value()))
                    .toArray(Header[]::new);
            builder.append(rec.timestamp(), rec.key(), rec.value(), headers);
        }
        return builder.build();
    }

    private static Compression kafkaCompression(CompressionCodec codec) {
        return switch (codec) {
            case NONE -> Compression.NONE;
            case GZIP -> Compression.gzip().build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().build();
            case ZSTD -> Compression.zstd().build();
        };
    }

    /** The records a workload holds once its first batch sits at {@code firstOffset}, as text. */
    static List<String> expected(List<Batch> batches, long firstOffset) {
        List<String> out = new ArrayList<>();
        long offset = firstOffset;
        for (Batch batch : batches) {
            for (Rec rec : batch.records()) {
                out.add(text(offset++, rec.timestamp(), rec.key(), rec.value(), headerText(rec.headers())));
            }
        }
        return out;
    }

    /** Records of Kafka's {@code records} at or after {@code fromOffset}, decoded by Kafka, every batch's CRC checked. */
    static List<String> kafkaRecords(Records records, long fromOffset) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                if (record.offset() >= fromOffset) {
                    List<RecordHeader> headers = new ArrayList<>();
                    for (Header h : record.headers()) {
                        headers.add(new RecordHeader(h.key(), h.value()));
                    }
                    out.add(text(record.offset(), record.timestamp(), array(record.key()), array(record.value()), headerText(headers)));
                }
            }
        }
        return out;
    }

    /** Records of the whole batches in {@code bytes} at or after {@code fromOffset}, decoded by Varve. */
    static List<String> varveRecords(ByteBuffer bytes, long fromOffset) {
        List<String> out = new ArrayList<>();
        RecordBatchReader batches = new RecordBatchReader().reset(bytes);
        try (RecordReader records = new RecordReader()) {
            while (batches.next()) {
                records.open(batches.batch());
                while (records.next()) {
                    if (records.offset() >= fromOffset) {
                        out.add(text(records.offset(), records.timestamp(), records.key(), records.value(),
                                headerText(List.of(records.headers()))));
                    }
                }
            }
        }
        return out;
    }

    /** Every record of a Varve log from its start, read through {@link PartitionLog#read}. */
    static List<String> readAll(PartitionLog log, int maxBytes) {
        List<String> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            ReadResult result = log.read(offset, maxBytes, Long.MAX_VALUE);
            if (result.status() != ReadResult.Status.OK) {
                throw new AssertionError("read(" + offset + ") -> " + result.status());
            }
            List<String> records = varveRecords(result.records().toBuffer(), offset);
            if (records.isEmpty()) {
                throw new AssertionError("read(" + offset + ") made no progress below logEnd=" + log.logEndOffset());
            }
            out.addAll(records);
            offset = Long.parseLong(records.get(records.size() - 1).split("@")[0]) + 1;
        }
        return out;
    }

    private static byte[] array(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static String headerText(List<RecordHeader> headers) {
        StringBuilder text = new StringBuilder();
        for (RecordHeader h : headers) {
            text.append(h.key()).append('=').append(hex(h.value())).append(';');
        }
        return text.toString();
    }

    private static String text(long offset, long timestamp, byte[] key, byte[] value, String headers) {
        return offset + "@" + timestamp + " k=" + hex(key) + " v=" + hex(value) + " h=" + headers;
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }

    /** Names of the files in {@code dir}, sorted. */
    static List<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the files of {@code from} (not recursively) into a new folder {@code to}. */
    static Path copyFolder(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
            return to;
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

    /** A Kafka {@link UnifiedLog} with the scheduler and metrics it needs; {@link #close()} releases all of them. */
    static final class KafkaLog implements AutoCloseable {
        final UnifiedLog log;
        private final KafkaScheduler scheduler;
        private final BrokerTopicStats stats;

        private KafkaLog(UnifiedLog log, KafkaScheduler scheduler, BrokerTopicStats stats) {
            this.log = log;
            this.scheduler = scheduler;
            this.stats = stats;
        }

        /** Opens (creating if absent) the partition folder {@code dir} as Kafka's {@code LogManager} would. */
        static KafkaLog open(Path dir, Knobs knobs, long logStartOffset, long recoveryPoint, boolean lastShutdownClean) {
            KafkaScheduler scheduler = new KafkaScheduler(1, true, "oracle-");
            scheduler.startup();
            BrokerTopicStats stats = new BrokerTopicStats(false);
            try {
                UnifiedLog log = UnifiedLog.create(dir.toFile(), knobs.kafka(), logStartOffset, recoveryPoint, scheduler, stats,
                        Time.SYSTEM, 300_000, new ProducerStateManagerConfig(86_400_000, false), 600_000,
                        new LogDirFailureChannel(1), lastShutdownClean, Optional.empty());
                return new KafkaLog(log, scheduler, stats);
            } catch (IOException e) {
                shutdown(scheduler, stats);
                throw new UncheckedIOException(e);
            }
        }

        /** Leaves the log as a killed broker would (no close, no final index entry, no trim); stops the threads. */
        void abandon() {
            shutdown(scheduler, stats);
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
            }
            stats.close();
        }
    }

    static File file(Path dir, String name) {
        return dir.resolve(name).toFile();
    }
}

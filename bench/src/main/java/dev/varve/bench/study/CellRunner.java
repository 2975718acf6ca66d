package dev.varve.bench.study;

import dev.varve.bench.RawCodec;
import dev.varve.bench.peer.FileChannelFloor;
import dev.varve.bench.peer.KafkaLogPeer;
import dev.varve.bench.study.CellFixture.Batch;
import dev.varve.bench.study.Loop.Sample;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogEngines;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.apache.kafka.common.utils.internals.BufferSupplier;

/**
 * Measures one cell: ten bounded loops over the same {@link CellFixture}, in this order, each a
 * {@link Loop} of the cell's time budget:
 * <ol>
 *   <li>build: Varve's reused {@link RecordBatchBuilder}; Kafka's {@code MemoryRecordsBuilder} (a new one
 *       per batch over a reused buffer, as its producer does); the raw codec compressing the record
 *       section with a reused context (the limit);</li>
 *   <li>append (each to its own folder under {@code dataDir}, at most {@code appendCapBytes} of records):
 *       Varve's segmented engine through the SPI ({@code LogEngines.open("segmented")},
 *       {@code PartitionLog.append}); Kafka's {@code UnifiedLog.appendAsLeader} ({@link KafkaLogPeer});
 *       a bare {@code FileChannel.write} loop of the same batch bytes ({@link FileChannelFloor}, the
 *       limit); each append's latency goes to an HdrHistogram;</li>
 *   <li>read + decompress + iterate every record, from the files just written: Varve's
 *       {@code PartitionLog.read} into one reused direct buffer ({@code LogSlice.readInto}) then
 *       {@link RecordBatchReader} (CRC checked) and {@link RecordReader};
 *       Kafka's {@code UnifiedLog.read} into a buffer, then {@code ensureValid} and
 *       {@code streamingIterator}, as its consumer does; the raw codec decompressing; a bare
 *       {@code FileChannel.read} loop of the floor's file.</li>
 * </ol>
 * Then it closes both logs, records bytes on disk and deletes everything it wrote. Not thread-safe.
 */
final class CellRunner {
    static final TopicPartition PARTITION = new TopicPartition("study", 0);
    private static final int FETCH_BYTES = 1 << 20;
    /**
     * {@code max.message.bytes} on both logs: 8 MiB instead of Kafka's default 1 MiB + 12 B, because a
     * codec expands incompressible records slightly and a 1 MiB batch of them would be refused.
     */
    static final Map<String, String> LOG_CONFIG = Map.of("max.message.bytes", String.valueOf(8 << 20));
    /** Where read loops leave their sums, so the JIT cannot drop the record accesses. */
    static volatile long sink;

    private final long budgetNs;
    private final long warmupNs;
    private final long appendCapBytes;

    CellRunner(int cellMs, long appendCapBytes) {
        this.budgetNs = cellMs * 1_000_000L;
        this.warmupNs = budgetNs / 3;
        this.appendCapBytes = appendCapBytes;
    }

    /** Everything measured in one cell, by side (varve, kafka, limit) and stage. */
    record Measured(Sample buildVarve, Sample buildKafka, Sample compressRaw,
            Sample appendVarve, Sample appendKafka, Sample appendFloor,
            Sample readVarve, Sample readKafka, Sample decompressRaw, Sample readFloor,
            long varveLogBytes, long varveDirBytes, long kafkaLogBytes, long kafkaDirBytes,
            long varveUncompressedBatchBytes, long bytesWritten) {
    }

    Measured run(CellFixture fixture, Path dataDir) throws Exception {
        List<Batch> pool = fixture.batches;
        int n = pool.size();
        CellSpec spec = fixture.spec;
        double recordBytes = fixture.meanRecordSectionBytes();

        Sample buildVarve;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(spec.varveCodec(), spec.level())) {
            buildVarve = Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
                Batch batch = pool.get(i % n);
                c.wireBytes += CellFixture.buildVarve(batch, builder).remaining();
                c.records += batch.recordCount();
                c.bytes += batch.section.length;
            });
        }
        Compression compression = spec.kafkaCompression();
        ByteBuffer kafkaBuffer = ByteBuffer.allocate((int) fixture.meanUncompressedBatchBytes() * 2 + 4096);
        Sample buildKafka = Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
            Batch batch = pool.get(i % n);
            c.wireBytes += CellFixture.buildKafka(batch, kafkaBuffer, compression).sizeInBytes();
            c.records += batch.recordCount();
            c.bytes += batch.section.length;
        });
        Sample compressRaw;
        Sample decompressRaw;
        try (RawCodec raw = RawCodec.forName(spec.codecName(), spec.rawLevel())) {
            int maxSection = pool.stream().mapToInt(b -> b.section.length).max().orElse(0);
            byte[] out = new byte[raw.maxCompressedLength(maxSection) + maxSection + 64];
            compressRaw = Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
                Batch batch = pool.get(i % n);
                c.wireBytes += raw.compress(batch.section, batch.section.length, out);
                c.records += batch.recordCount();
                c.bytes += batch.section.length;
            });
            decompressRaw = Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
                Batch batch = pool.get(i % n);
                c.bytes += raw.decompress(batch.rawCompressed, batch.rawCompressedLength, out);
                c.records += batch.recordCount();
                c.wireBytes += batch.rawCompressedLength;
            });
        }

        long[] uncompressedAppended = new long[1];
        Path varveDir = Files.createDirectories(dataDir.resolve("varve"));
        Sample appendVarve;
        Sample readVarve;
        try (LogEngine engine = LogEngines.open("segmented", varveDir)) {
            PartitionLog log = engine.open(PARTITION, LogConfig.of(LOG_CONFIG));
            appendVarve = Loop.run(warmupNs, budgetNs, appendCapBytes, true, (i, c) -> {
                Batch batch = pool.get(i % n);
                c.wireBytes += log.append(batch.kafkaBatch.duplicate()).sizeInBytes();
                c.records += batch.recordCount();
                c.bytes += batch.section.length;
                uncompressedAppended[0] += batch.section.length + RecordBatchDescriptor.RECORDS_OFFSET;
            });
            readVarve = readVarve(log, recordBytes);
        }
        Path kafkaDir = Files.createDirectories(dataDir.resolve("kafka"));
        List<ByteBuffer> kafkaPool = fixture.kafkaCopy();
        Sample appendKafka;
        Sample readKafka;
        try (KafkaLogPeer peer = KafkaLogPeer.open(kafkaDir, PARTITION.topic(), PARTITION.partition(), LOG_CONFIG)) {
            appendKafka = Loop.run(warmupNs, budgetNs, appendCapBytes, true, (i, c) -> {
                Batch batch = pool.get(i % n);
                ByteBuffer bytes = kafkaPool.get(i % n);
                c.wireBytes += bytes.remaining();
                peer.append(bytes.duplicate());
                c.records += batch.recordCount();
                c.bytes += batch.section.length;
            });
            readKafka = readKafka(peer, recordBytes, pool);
        }
        Path floorFile = dataDir.resolve("floor.bin");
        Sample appendFloor;
        try (FileChannelFloor floor = new FileChannelFloor(floorFile)) {
            appendFloor = Loop.run(warmupNs, budgetNs, appendCapBytes, true, (i, c) -> {
                Batch batch = pool.get(i % n);
                c.wireBytes += floor.append(batch.kafkaBatch);
                c.records += batch.recordCount();
                c.bytes += batch.section.length;
            });
        }
        Sample readFloor = readFloor(floorFile);

        long varveLog = sizeOf(varveDir, ".log");
        long varveAll = sizeOf(varveDir, "");
        long kafkaLog = sizeOf(kafkaDir, ".log");
        long kafkaAll = sizeOf(kafkaDir, "");
        long written = varveAll + kafkaAll + Files.size(floorFile);
        Files.deleteIfExists(floorFile);
        return new Measured(buildVarve, buildKafka, compressRaw, appendVarve, appendKafka, appendFloor,
                readVarve, readKafka, decompressRaw, readFloor, varveLog, varveAll, kafkaLog, kafkaAll,
                uncompressedAppended[0], written);
    }

    private Sample readVarve(PartitionLog log, double recordBytes) throws Exception {
        RecordBatchReader batches = new RecordBatchReader(true);
        long[] next = {log.logStartOffset()};
        ByteBuffer[] fetch = {ByteBuffer.allocateDirect(FETCH_BYTES)};
        try (RecordReader records = new RecordReader()) {
            return Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
                if (next[0] >= log.logEndOffset()) {
                    next[0] = log.logStartOffset();
                }
                ReadResult result = log.read(next[0], FETCH_BYTES, Long.MAX_VALUE);
                if (result.records().sizeInBytes() > fetch[0].capacity()) {
                    fetch[0] = ByteBuffer.allocateDirect(result.records().sizeInBytes()); // one batch over the fetch size
                }
                ByteBuffer buffer = fetch[0].clear();
                result.records().readInto(buffer);
                buffer.flip();
                c.wireBytes += buffer.remaining();
                long count = 0;
                long sum = 0;
                batches.reset(buffer);
                while (batches.next()) {
                    records.open(batches.batch());
                    while (records.next()) {
                        sum += records.keyLength() + records.valueLength();
                        count++;
                    }
                    next[0] = batches.batch().lastOffset() + 1;
                }
                c.records += count;
                c.bytes += Math.round(count * recordBytes);
                sink = sum;
            });
        }
    }

    private Sample readKafka(KafkaLogPeer peer, double recordBytes, List<Batch> pool) throws Exception {
        int largest = pool.stream().mapToInt(b -> b.kafkaBatch.remaining()).max().orElse(0);
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(FETCH_BYTES, largest) + 4096);
        long[] next = {0};
        try (BufferSupplier supplier = BufferSupplier.create()) {
            return Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
                if (next[0] >= peer.logEndOffset()) {
                    next[0] = 0;
                }
                Records fetched = peer.read(next[0], FETCH_BYTES);
                buffer.clear();
                if (fetched instanceof FileRecords file) {
                    buffer.limit(file.sizeInBytes());
                    file.readInto(buffer, 0);
                    if (buffer.position() != 0) {
                        buffer.flip(); // readInto flips the buffer itself in Kafka 4.4; older versions did not
                    }
                } else {
                    buffer.put(((MemoryRecords) fetched).buffer().duplicate()).flip();
                }
                c.wireBytes += buffer.remaining();
                long count = 0;
                long sum = 0;
                for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
                    batch.ensureValid();
                    try (CloseableIterator<Record> iterator = batch.streamingIterator(supplier)) {
                        while (iterator.hasNext()) {
                            Record record = iterator.next();
                            sum += record.keySize() + record.valueSize();
                            count++;
                        }
                    }
                    next[0] = batch.lastOffset() + 1;
                }
                c.records += count;
                c.bytes += Math.round(count * recordBytes);
                sink = sum;
            });
        }
    }

    private Sample readFloor(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(FETCH_BYTES);
            long size = channel.size();
            long[] position = {0};
            return Loop.run(warmupNs, budgetNs, Long.MAX_VALUE, false, (i, c) -> {
                if (position[0] >= size) {
                    position[0] = 0;
                }
                buffer.clear();
                int read = channel.read(buffer, position[0]);
                position[0] += Math.max(read, 0);
                c.wireBytes += Math.max(read, 0);
                c.bytes += Math.max(read, 0);
            });
        }
    }

    private static long sizeOf(Path dir, String suffix) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}

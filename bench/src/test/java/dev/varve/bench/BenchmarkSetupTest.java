package dev.varve.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each benchmark's setup and one operation outside JMH (16 KiB cells; the 1 MiB ones differ only
 * in count) and checks that what it builds both Kafka and Varve read back, record for record, so a
 * broken benchmark fails the build. Cells whose Varve codec is not implemented yet are skipped.
 */
class BenchmarkSetupTest {
    private static final int BATCH_BYTES = 16384;
    private static final CpuTime CPU = new CpuTime();

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldBuildVarveBatchesThatKafkaAndVarveReadBack(String codec) {
        VarveBuildBenchmark bench = new VarveBuildBenchmark();
        bench.codec = codec;
        bench.batchBytes = BATCH_BYTES;
        assumeTrue(varveCodecImplemented(codec), "Varve's " + codec + " codec is not implemented yet");
        bench.setup();
        try {
            bench.build(CPU);
            ByteBuffer batch = copy(bench.build(CPU));
            assertTrue(batch.remaining() <= BATCH_BYTES || !codec.equals("none"));
            assertReadableByBoth(bench.fixture, batch);
        } finally {
            bench.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldBuildKafkaBatchesThatKafkaAndVarveReadBack(String codec) {
        KafkaBuildBenchmark bench = new KafkaBuildBenchmark();
        bench.codec = codec;
        bench.batchBytes = BATCH_BYTES;
        bench.setup();
        bench.build(CPU);
        ByteBuffer batch = copy(bench.build(CPU).buffer());
        assertKafkaReads(bench.fixture, batch);
        assumeTrue(varveCodecImplemented(codec), "Varve's " + codec + " codec is not implemented yet");
        assertVarveReads(bench.fixture, batch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldRoundTripTheRawCodecOverTheRecordSection(String codec) {
        RawCompressBenchmark compress = new RawCompressBenchmark();
        compress.codec = codec;
        compress.batchBytes = BATCH_BYTES;
        compress.setup();
        int compressed = compress.compress(CPU);
        RawDecompressBenchmark decompress = new RawDecompressBenchmark();
        decompress.codec = codec;
        decompress.batchBytes = BATCH_BYTES;
        decompress.setup();
        assertEquals(compressed, decompress.compressedLength);
        assertEquals(compress.section.length, decompress.decompress(CPU));
        assertArrayEquals(compress.section, decompress.target);
        if (!codec.equals("none")) {
            assertTrue(compressed < compress.section.length * 3 / 4, codec + " compressed to " + compressed);
        }
        compress.tearDown();
        decompress.tearDown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldCountEveryKeyAndValueByteInBothReadBenchmarks(String codec) {
        BatchFixture fixture = new BatchFixture(codec, BATCH_BYTES);
        KafkaReadBenchmark kafka = new KafkaReadBenchmark();
        kafka.codec = codec;
        kafka.batchBytes = BATCH_BYTES;
        kafka.setup();
        assertEquals(fixture.keyAndValueBytes(), kafka.read(CPU));
        assertEquals(fixture.keyAndValueBytes(), kafka.read(CPU));
        kafka.tearDown();
        assumeTrue(varveCodecImplemented(codec), "Varve's " + codec + " codec is not implemented yet");
        VarveReadBenchmark varve = new VarveReadBenchmark();
        varve.codec = codec;
        varve.batchBytes = BATCH_BYTES;
        varve.setup();
        assertEquals(fixture.keyAndValueBytes(), varve.read(CPU));
        assertEquals(fixture.keyAndValueBytes(), varve.read(CPU));
        varve.tearDown();
    }

    @ParameterizedTest
    @ValueSource(ints = {16384, 1048576})
    void shouldFillTheBatchSizeWithRecordsOfAboutOneKibibyte(int batchBytes) {
        BatchFixture fixture = new BatchFixture("none", batchBytes);
        int batch = fixture.sectionBytes() + 61;
        assertTrue(batch <= batchBytes && batch > batchBytes - PayloadGenerator.MAX_VALUE_BYTES - 32,
                "batch of " + batch + " B for batch.size " + batchBytes);
        assertEquals(batchBytes / 1040, fixture.recordCount(), batchBytes / 1040 / 20 + 1.0);
    }

    private static boolean varveCodecImplemented(String codec) {
        if (codec.equals("none")) {
            return true;
        }
        try (RecordBatchBuilder ignored = new RecordBatchBuilder(new BatchFixture(codec, 2048).varveCodec())) {
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static void assertReadableByBoth(BatchFixture fixture, ByteBuffer batch) {
        assertKafkaReads(fixture, batch);
        assertVarveReads(fixture, batch);
    }

    private static void assertKafkaReads(BatchFixture fixture, ByteBuffer batch) {
        PayloadGenerator expected = new PayloadGenerator(BatchFixture.SEED);
        int count = 0;
        try (BufferSupplier supplier = BufferSupplier.create()) {
            for (MutableRecordBatch recordBatch : MemoryRecords.readableRecords(batch.duplicate()).batches()) {
                recordBatch.ensureValid();
                assertEquals(fixture.kafkaCompression().type(), recordBatch.compressionType());
                try (CloseableIterator<Record> records = recordBatch.streamingIterator(supplier)) {
                    while (records.hasNext()) {
                        Record record = records.next();
                        expected.next();
                        assertEquals(count, record.offset());
                        assertEquals(expected.timestampMs(), record.timestamp());
                        assertArrayEquals(expected.key(), bytes(record.key()));
                        assertArrayEquals(expected.value(), bytes(record.value()));
                        count++;
                    }
                }
            }
        }
        assertEquals(fixture.recordCount(), count);
    }

    private static void assertVarveReads(BatchFixture fixture, ByteBuffer batch) {
        PayloadGenerator expected = new PayloadGenerator(BatchFixture.SEED);
        RecordBatchReader batches = new RecordBatchReader().reset(batch.duplicate());
        int count = 0;
        try (RecordReader records = new RecordReader()) {
            assertTrue(batches.next());
            assertEquals(fixture.varveCodec(), batches.batch().compression());
            records.open(batches.batch());
            while (records.next()) {
                expected.next();
                assertEquals(count, records.offset());
                assertEquals(expected.timestampMs(), records.timestamp());
                assertArrayEquals(expected.key(), records.key());
                assertArrayEquals(expected.value(), records.value());
                count++;
            }
            assertFalse(batches.next());
        }
        assertEquals(fixture.recordCount(), count);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate()).flip();
        return copy;
    }
}

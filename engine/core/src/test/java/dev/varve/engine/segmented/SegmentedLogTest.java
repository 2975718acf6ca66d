package dev.varve.engine.segmented;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogEngines;
import dev.varve.engine.api.OffsetOutOfRangeException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
    static final TopicPartition TP = new TopicPartition("events", 0);
    static final LogConfig SMALL = LogConfig.of(Map.of("segment.bytes", "4096", "index.interval.bytes", "256"));

    @TempDir
    Path dir;

    private SegmentedLogEngine open() {
        return SegmentedLogEngine.open(new EngineContext(dir, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
    }

    /** A batch of {@code count} records with values "v<offset-in-batch>-<tag>" and timestamps from {@code ts}. */
    static ByteBuffer batch(int count, long ts, String tag) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            for (int i = 0; i < count; i++) {
                builder.append(ts + i, null, ("v" + i + "-" + tag + "-" + "x".repeat(40)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    /** Every (offset, value) readable from the log from its start. */
    static List<String> readAll(PartitionLog log) {
        List<String> out = new ArrayList<>();
        long offset = log.logStartOffset();
        try (RecordReader records = new RecordReader()) {
            while (offset < log.logEndOffset()) {
                ReadResult result = log.read(offset, 1000, Long.MAX_VALUE);
                assertEquals(ReadResult.Status.OK, result.status());
                RecordBatchReader batches = new RecordBatchReader().reset(result.records().toBuffer());
                assertTrue(batches.validBytes() == 0);
                long before = offset;
                while (batches.next()) {
                    records.open(batches.batch());
                    while (records.next()) {
                        if (records.offset() >= offset) {
                            out.add(records.offset() + "=" + new String(records.value(), StandardCharsets.UTF_8).split("-x")[0]);
                        }
                    }
                    offset = batches.batch().nextOffset();
                }
                assertTrue(offset > before, "a read must progress");
            }
        }
        return out;
    }

    @Test
    void shouldAppendReadAndRollAcrossSegments() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            for (int i = 0; i < 40; i++) {
                assertEquals(i * 5L, log.append(batch(5, 100 + i * 10, "b" + i)).firstOffset());
            }
            assertEquals(200, log.logEndOffset());
            assertTrue(((SegmentedPartitionLog) log).segmentCount() > 3, "small segments roll");
            List<String> all = readAll(log);
            assertEquals(200, all.size());
            assertEquals("137=v2-b27", all.get(137));
        }
    }

    @Test
    void shouldReopenCleanlyWithTheSameContent() {
        List<String> before;
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            for (int i = 0; i < 30; i++) {
                log.append(batch(3, 100 + i, "b" + i));
            }
            before = readAll(log);
        }
        try (SegmentedLogEngine engine = open()) {
            assertTrue(engine.wasCleanShutdown());
            PartitionLog log = engine.open(TP, SMALL);
            assertEquals(90, log.logEndOffset());
            assertEquals(before, readAll(log));
            assertEquals(90, log.append(batch(1, 5, "after")).firstOffset());
        }
    }

    @Test
    void shouldFindOffsetsByTimestampAcrossSegments() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 1000 + i * 10, "b" + i));
            }
            assertEquals(new TimestampOffset(1000, 0), log.offsetForTimestamp(0));
            assertEquals(new TimestampOffset(1123, 63), log.offsetForTimestamp(1123));
            assertEquals(new TimestampOffset(1130, 65), log.offsetForTimestamp(1125));
            assertNull(log.offsetForTimestamp(5000));
            assertEquals(0, log.offsetForTimestamp(TimestampOffset.EARLIEST).offset());
            assertEquals(200, log.offsetForTimestamp(TimestampOffset.LATEST).offset());
        }
    }

    @Test
    void shouldReturnAtLeastOneWholeBatchAndRespectTheUpperBound() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            int size = batch(5, 0, "a").remaining();
            log.append(batch(5, 0, "a"));
            log.append(batch(5, 0, "b"));
            assertEquals(size, log.read(0, 1, Long.MAX_VALUE).records().sizeInBytes());
            assertEquals(size, log.read(3, 2 * size - 1, Long.MAX_VALUE).records().sizeInBytes());
            assertEquals(2 * size, log.read(0, 2 * size, Long.MAX_VALUE).records().sizeInBytes());
            assertEquals(size, log.read(0, 10_000, 5).records().sizeInBytes());
            assertEquals(0, log.read(0, 10_000, 0).records().sizeInBytes());
            assertEquals(0, log.read(10, 10_000, Long.MAX_VALUE).records().sizeInBytes());
            assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(11, 10_000, Long.MAX_VALUE).status());
        }
    }

    @Test
    void shouldTruncateWholeBatchesAndKeepAppending() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 100, "b" + i));
            }
            log.truncateTo(102);
            assertEquals(100, log.logEndOffset());
            assertEquals(100, readAll(log).size());
            assertEquals(100, log.append(batch(2, 100, "new")).firstOffset());
            assertEquals("100=v0-new", readAll(log).get(100));
            log.truncateTo(0);
            assertEquals(0, log.logEndOffset());
            assertEquals(0, log.append(batch(1, 100, "fresh")).firstOffset());
        }
    }

    @Test
    void shouldAdvanceTheLogStartAndDeleteSegmentsBelowIt() {
        try (SegmentedLogEngine engine = open()) {
            SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 100, "b" + i));
            }
            int segmentsBefore = log.segmentCount();
            assertEquals(150, log.deleteRecordsBefore(150));
            assertTrue(log.segmentCount() < segmentsBefore);
            assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(149, 100, Long.MAX_VALUE).status());
            assertEquals("150=v0-b30", readAll(log).get(0));
            assertThrows(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(201));
        }
        try (SegmentedLogEngine engine = open()) {
            assertEquals(150, engine.open(TP, SMALL).logStartOffset());
        }
    }

    @Test
    void shouldDeleteSegmentsByRetentionBytesAndTimeButNeverTheActiveOne() {
        try (SegmentedLogEngine engine = open()) {
            SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP,
                    SMALL.with(Map.of("retention.bytes", "8192")));
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 100, "b" + i));
            }
            assertTrue(log.enforceRetention() > 0);
            assertTrue(log.sizeInBytes() - 4096 < 8192 + 4096);
            assertTrue(log.logStartOffset() > 0);
            log.updateConfig(SMALL.with(Map.of("retention.ms", "1000")));
            log.enforceRetention();
            assertEquals(1, log.segmentCount());
            assertEquals(200, log.logEndOffset());
        }
    }

    @Test
    void shouldApplyRetentionByTimeAndSizeOnlyWhenThePolicyIncludesDelete() {
        try (SegmentedLogEngine engine = open()) {
            SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP,
                    SMALL.with(Map.of("retention.bytes", "4096", "retention.ms", "1000", "cleanup.policy", "compact")));
            for (int i = 0; i < 40; i++) {
                log.append(keyed(i));
            }
            int segments = log.segmentCount();
            assertEquals(0, log.enforceRetention(), "compact alone: the cleaner's segments stay");
            assertEquals(segments, log.segmentCount());
            log.updateConfig(log.config().with(Map.of("cleanup.policy", "compact,delete")));
            assertTrue(log.enforceRetention() > 0, "compact,delete: retention applies");
            assertEquals(1, log.segmentCount());
            assertEquals(200, log.logEndOffset());
        }
    }

    @Test
    void shouldDeleteTieredSegmentsLocallyOnlyBelowTheBoundByLocalRetention() {
        try (SegmentedLogEngine engine = open()) {
            SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL.with(Map.of(
                    "remote.storage.enable", "true", "retention.bytes", "100000", "local.retention.bytes", "0")));
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 100, "b" + i));
            }
            int segments = log.segmentCount();
            assertEquals(0, log.enforceRetention(), "no bound registered: nothing is known uploaded");
            AtomicLong uploadedBelow = new AtomicLong(0);
            engine.localDeletionBound(TP, uploadedBelow::get);
            assertEquals(0, log.enforceRetention());
            List<CleanableLog.ClosedSegment> closed = log.closedSegments();
            uploadedBelow.set(closed.get(1).nextBaseOffset());
            assertEquals(2, log.enforceRetention(), "local.retention.bytes=0 deletes exactly the uploaded ones");
            assertEquals(closed.get(2).baseOffset(), log.logStartOffset());
            assertEquals(segments - 2, log.segmentCount());
            uploadedBelow.set(Long.MAX_VALUE);
            log.enforceRetention();
            assertEquals(1, log.segmentCount(), "the active segment always stays");
        }
    }

    private static ByteBuffer keyed(int i) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            for (int r = 0; r < 5; r++) {
                builder.append(100 + r, ("k" + r).getBytes(StandardCharsets.UTF_8), ("v" + i + "x".repeat(40)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    @Test
    void shouldRecoverATornTailAfterACrash() throws IOException {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            for (int i = 0; i < 10; i++) {
                log.append(batch(5, 100, "b" + i));
            }
            log.flush();
            for (int i = 10; i < 12; i++) {
                log.append(batch(5, 100, "b" + i));
            }
            engine.halt();
        }
        Path active = newestLog();
        long size = Files.size(active);
        try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE)) {
            channel.truncate(size - 7);
        }
        try (SegmentedLogEngine engine = open()) {
            assertFalse(engine.wasCleanShutdown());
            PartitionLog log = engine.open(TP, SMALL);
            assertEquals(55, log.logEndOffset());
            assertEquals(55, readAll(log).size());
            assertEquals(55, log.append(batch(1, 100, "again")).firstOffset());
        }
    }

    @Test
    void shouldRecoverACorruptTailByteAndRebuildAMissingIndex() throws IOException {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 100 + i, "b" + i));
            }
            engine.halt();
        }
        Path active = newestLog();
        long size = Files.size(active);
        try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x55}), size - 3);
        }
        Files.delete(dir.resolve("events-0").resolve("00000000000000000000.index"));
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            assertEquals(195, log.logEndOffset());
            assertEquals(195, readAll(log).size());
            assertEquals(new TimestampOffset(100, 0), log.offsetForTimestamp(100));
        }
    }

    @Test
    void shouldServeCorrectRecordsThroughAnIndexWhosePositionsAreWrongButLookSane() throws IOException {
        List<String> before;
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, LogConfig.of(Map.of("index.interval.bytes", "100")));
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 100 + i, "b" + i));
            }
            before = readAll(log);
        }
        Path index = dir.resolve("events-0").resolve("00000000000000000000.index");
        ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(index));
        for (int slot = 0; slot < entries.limit() / 8; slot++) {
            entries.putInt(slot * 8 + 4, entries.getInt(slot * 8 + 4) + 13);
        }
        Files.write(index, entries.array());
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, LogConfig.of(Map.of("index.interval.bytes", "100")));
            assertEquals(before, readAll(log));
            assertEquals(new TimestampOffset(120, 84), log.offsetForTimestamp(120));
            assertEquals(200, log.append(batch(1, 5, "after")).firstOffset());
        }
    }

    @Test
    void shouldRefuseABatchNoSegmentCouldHoldAsKafkaDoes() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, LogConfig.of(Map.of("segment.bytes", "1024")));
            dev.varve.engine.api.RecordTooLargeException e = assertThrows(dev.varve.engine.api.RecordTooLargeException.class,
                    () -> log.append(batch(30, 0, "big")));
            assertEquals("segment.bytes", e.limitName());
            assertEquals(18, e.kafkaErrorCode());
            assertEquals(0, log.logEndOffset());
        }
    }

    @Test
    void shouldReturnExactlyTheWholeBatchesThatFitWhenReadsJumpThroughTheIndex() {
        LogConfig everyBatchIndexed = LogConfig.of(Map.of("index.interval.bytes", "0"));
        List<Integer> sizes = new ArrayList<>();
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, everyBatchIndexed);
            for (int i = 0; i < 60; i++) {
                ByteBuffer b = batch(1 + i % 4, 100 + i, "b" + i);
                sizes.add(b.remaining());
                log.append(b);
            }
            int[] maxBytesCases = {1, 200, 1000, 5000, 1 << 20};
            long[] maxOffsetCases = {Long.MAX_VALUE, 7, 77, 120};
            for (int first = 0; first < 60; first += 7) {
                long startOffset = offsetOfBatch(first);
                for (int maxBytes : maxBytesCases) {
                    for (long maxOffset : maxOffsetCases) {
                        int expected = 0;
                        for (int b = first; b < 60; b++) {
                            long lastOffset = offsetOfBatch(b) + (b % 4);
                            if (lastOffset >= maxOffset || expected + sizes.get(b) > maxBytes && expected > 0) {
                                break;
                            }
                            expected += sizes.get(b);
                        }
                        if (startOffset >= maxOffset) {
                            expected = 0;
                        }
                        assertEquals(expected, log.read(startOffset, maxBytes, maxOffset).records().sizeInBytes(),
                                "read(" + startOffset + ", " + maxBytes + ", " + maxOffset + ")");
                    }
                }
            }
        }
    }

    /** Base offset of the i-th batch written by the test above: batch i holds 1 + i % 4 records. */
    private static long offsetOfBatch(int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += 1 + i % 4;
        }
        return offset;
    }

    @Test
    void shouldReadSlicesIntoAReusedBufferOrRefuseWhenItIsTooSmall() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            log.append(batch(3, 0, "a"));
            log.append(batch(3, 0, "b"));
            ReadResult result = log.read(0, 1 << 20, Long.MAX_VALUE);
            ByteBuffer reused = ByteBuffer.allocateDirect(1 << 16);
            reused.put((byte) 7);
            result.records().readInto(reused);
            assertEquals(1 + result.records().sizeInBytes(), reused.position());
            assertEquals(result.records().toBuffer(), reused.flip().position(1));
            ByteBuffer small = ByteBuffer.allocate(10);
            assertThrows(java.nio.BufferOverflowException.class, () -> result.records().readInto(small));
            assertEquals(0, small.position());
        }
    }

    @Test
    void shouldBeFoundByNameAndRefuseASecondEngineOnTheSameDirectory() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            assertEquals("segmented", engine.name());
            engine.open(TP, SMALL);
            assertEquals(List.of(TP), List.copyOf(engine.partitions()));
            assertThrows(dev.varve.engine.api.LogStorageException.class, () -> LogEngines.open("segmented", dir));
        }
    }

    @Test
    void shouldEnforceRetentionAndTimedFlushesInTheBackground() throws InterruptedException {
        SegmentedLogEngine.Schedule fast = new SegmentedLogEngine.Schedule(20, 20, 20);
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, Clock.systemUTC()), fast)) {
            SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP,
                    SMALL.with(Map.of("retention.bytes", "4096", "flush.ms", "0")));
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, System.currentTimeMillis(), "b" + i));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((log.segmentCount() > 2 || log.recoveryPoint() < 200) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(log.segmentCount() <= 2, "retention ran: " + log);
            assertEquals(200, log.recoveryPoint(), "the timed flush ran");
            assertEquals(200, log.logEndOffset());
        }
    }

    private Path newestLog() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("events-0"))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Regression (found by KafkaReadsVarveFolderTest): a multi-batch append can add an index entry per batch. */
    @Test
    void shouldRollInsideAMultiBatchAppendRatherThanOverflowTheIndex() {
        LogConfig tinyIndex = LogConfig.of(Map.of("segment.index.bytes", "24", "index.interval.bytes", "0"));
        List<String> expected = new ArrayList<>();
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, tinyIndex);
            log.append(batch(1, 100, "first"));
            List<ByteBuffer> batches = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                batches.add(batch(2, 200 + i, "m" + i));
            }
            ByteBuffer all = ByteBuffer.allocate(batches.stream().mapToInt(ByteBuffer::remaining).sum());
            batches.forEach(all::put);
            assertEquals(1, log.append(all.flip()).firstOffset());
            assertEquals(13, log.logEndOffset());
            expected.addAll(readAll(log));
            assertEquals(13, expected.size());
        }
        try (SegmentedLogEngine engine = open()) {
            assertEquals(expected, readAll(engine.open(TP, tinyIndex)));
        }
    }

    @Test
    void shouldAgeSegmentsByRecordTimestampsNotTheClockAsKafkaDoes() {
        // Kafka's timeWaitedForRoll: the new records' largest timestamp minus the segment's first batch's.
        // Records a month older than the clock (replayed, mirrored) once rolled a segment per batch here.
        long now = 1_700_000_000_000L;
        long monthAgo = now - 30L * 86_400_000;
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(
                new EngineContext(dir, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC)))) {
            PartitionLog log = engine.open(TP, LogConfig.of(Map.of("segment.ms", "60000")));
            for (int i = 0; i < 5; i++) {
                log.append(batch(3, monthAgo + i * 1000L, "old" + i));
            }
            assertEquals(1, ((SegmentedPartitionLog) log).segmentCount(), "five batches 4 s apart stay in one segment");
            log.append(batch(3, monthAgo + 60_001, "late"));
            assertEquals(2, ((SegmentedPartitionLog) log).segmentCount(), "a batch over segment.ms after the first rolls");
            assertEquals(18, readAll(log).size());
        }
    }

    /**
     * Regression (found by VarveReadsKafkaFolderTest): Kafka 4.4's close leaves the active segment's
     * indexes at their preallocated size, so a clean reopen counts the zero tail as entries; an
     * all-zero time index passes Kafka's sanity check and hid the segment from timestamp lookups.
     */
    @Test
    void shouldRebuildActiveIndexesLeftPreallocatedByAKafkaClose() throws IOException {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, SMALL);
            log.append(batch(3, 100, "a"));
        }
        for (String suffix : List.of(".index", ".timeindex")) {
            Path index = dir.resolve("events-0").resolve("00000000000000000000" + suffix);
            try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
                channel.truncate(0);
                channel.write(ByteBuffer.allocate(4 * 12), 0);
            }
        }
        try (SegmentedLogEngine engine = open()) {
            assertTrue(engine.wasCleanShutdown());
            PartitionLog log = engine.open(TP, SMALL);
            assertEquals(new TimestampOffset(101, 1), log.offsetForTimestamp(101));
            assertEquals(3, log.append(batch(1, 200, "b")).firstOffset());
            assertEquals(4, readAll(log).size());
        }
    }
}
